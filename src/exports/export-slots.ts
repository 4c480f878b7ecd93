import { Problem } from '../errors/problem';

/**
 * Exports an instance streams at once. Each one reads every claim its filters select (a million at
 * full size) and keeps a request busy for as long as its client reads, so they are bounded: one per
 * person (a second is almost always a double click or a script gone wrong) and `concurrency` in all.
 * A refused export answers at once rather than queueing, and its slot is free again the moment the
 * download ends, completed or not.
 */
export function exportSlots(concurrency: number) {
  const running = new Set<string>();
  return function takeExportSlot(personId: string): () => void {
    if (running.has(personId)) {
      throw new Problem('export-running', 'You have an export downloading already: wait for it to finish, or stop it, before starting another.');
    }
    if (running.size >= concurrency) {
      throw new Problem('exports-busy', `${concurrency} exports are downloading already; try again in a moment.`);
    }
    running.add(personId);
    return () => running.delete(personId);
  };
}

export type TakeExportSlot = ReturnType<typeof exportSlots>;
