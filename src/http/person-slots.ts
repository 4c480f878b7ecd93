import type { RequestHandler, Response } from 'express';
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

type HeldSlot = { release: () => void; working: boolean };

/**
 * Takes the signed-in person's slot before the body is read. Until `inSlot` starts the work, the slot is
 * freed when the response closes (answered, refused, or the client gone mid-body); once the work has
 * started, only when it ends: a client that hangs up does not stop an import already parsing or writing,
 * and must not get its slot back while that import still holds its memory and connection.
 */
export const holdSlot = (takeSlot: TakeSlot): RequestHandler => (req, res, next) => {
  const held: HeldSlot = { release: takeSlot(actorOf(req).id), working: false };
  res.locals.slot = held;
  res.once('close', () => {
    if (!held.working) held.release();
  });
  next();
};

/** Runs the work of a request that holds its slot (holdSlot), freeing the slot when the work ends, however. */
export async function inSlot<T>(res: Response, work: () => Promise<T>): Promise<T> {
  const held = res.locals.slot as HeldSlot;
  held.working = true;
  try {
    return await work();
  } finally {
    held.release();
  }
}
