import { Problem } from '../errors/problem';
import { personSlots } from '../http/person-slots';

/**
 * ClaimReview imports an instance runs at once. One holds its body (up to IMPORT_BODY_LIMIT), that body
 * parsed (several times its size) and, while it writes, a connection; the slot is taken before the body
 * is read, so a refused import costs nothing, and is free again when the answer is sent or the client goes.
 */
export const importSlots = (concurrency: number) =>
  personSlots(concurrency, {
    ownRunning: () => new Problem('import-running', 'You have an import running already: wait for its summary before sending another.'),
    allBusy: (all) => new Problem('imports-busy', `${all} imports are running already; try again in a moment.`),
  });
