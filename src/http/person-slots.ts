import type { RequestHandler } from 'express';
import { actorOf } from '../auth/authenticate';
import type { Problem } from '../errors/problem';

/**
 * Requests that hold much memory or a connection for long (an export, an import), bounded in one
 * instance: one at a time a person (a second is almost always a double click or a script gone wrong)
 * and `concurrency` in all. A refused one is answered at once rather than queued.
 */
export function personSlots(concurrency: number, refuse: { ownRunning: () => Problem; allBusy: (concurrency: number) => Problem }) {
  const running = new Set<string>();
  /** Takes the person's slot, or throws the refusal; the function returned frees it (once, however often called). */
  return function takeSlot(personId: string): () => void {
    if (running.has(personId)) throw refuse.ownRunning();
    if (running.size >= concurrency) throw refuse.allBusy(concurrency);
    running.add(personId);
    let held = true;
    return () => {
      if (held) running.delete(personId);
      held = false;
    };
  };
}

export type TakeSlot = ReturnType<typeof personSlots>;

/** Holds the signed-in person's slot from here until the response is sent or the connection closes. */
export const holdSlot = (takeSlot: TakeSlot): RequestHandler => (req, res, next) => {
  res.once('close', takeSlot(actorOf(req).id));
  next();
};
