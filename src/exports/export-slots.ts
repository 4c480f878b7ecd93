import { Problem } from '../errors/problem';
import { personSlots } from '../http/person-slots';

/**
 * Exports an instance streams at once. Each one reads every claim its filters select (a million at
 * full size) and keeps a request busy for as long as its client reads; its slot is free again the
 * moment the download ends, completed or not.
 */
export const exportSlots = (concurrency: number) =>
  personSlots(concurrency, {
    ownRunning: () => new Problem('export-running', 'You have an export downloading already: wait for it to finish, or stop it, before starting another.'),
    allBusy: (all) => new Problem('exports-busy', `${all} exports are downloading already; try again in a moment.`),
  });
