import type { DataSource, EntityManager } from 'typeorm';
import { notFound, Problem } from '../errors/problem';
import { recordEvent, type EventDraft } from '../history/history.service';
import type { Actor } from '../users/users.service';
import { Claim } from './claim.entity';

/** A claim's strong ETag: its version, which every change bumps. */
export const claimEtag = (claim: Pick<Claim, 'version'>): string => `"v${claim.version}"`;

/**
 * Every change to a claim goes through here: the claim row is locked, the client's If-Match must name
 * the current version (else 428/412, so no update is lost), the change runs, the version is bumped
 * and one history event is written, all in one transaction. A change that returns no event changed
 * nothing and bumps nothing.
 */
export async function changeClaim<Result>(
  db: DataSource,
  claimId: string,
  ifMatch: string | undefined,
  actor: Actor,
  change: (manager: EntityManager, claim: Claim) => Promise<{ event: EventDraft | null; result: Result }>,
): Promise<{ claim: Claim; result: Result }> {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new Problem('precondition-required', 'Read the claim, then send its ETag in If-Match with the change.');
  }
  // RFC 9110 lets "*" match any version; that is exactly the blind overwrite this guard exists to stop.
  if (ifMatch.trim() === '*') {
    throw new Problem('precondition-required', 'If-Match: * would overwrite whatever is there; send the ETag you read.');
  }
  return db.transaction(async (manager) => {
    const claim = await manager.findOne(Claim, { where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
    if (!claim) throw notFound('claim', claimId);
    const current = claimEtag(claim);
    if (!ifMatch.split(',').some((tag) => tag.trim() === current)) {
      throw new Problem('precondition-failed', `The claim is now at ${current}; read it again and reapply your change.`, {
        currentEtag: current,
      });
    }
    const before = { ...claim };
    const { event, result } = await change(manager, claim);
    if (event) {
      claim.version += 1;
      claim.updatedAt = await writeClaim(manager, claim, before);
      await recordEvent(manager, claim, actor, event);
    }
    return { claim, result };
  });
}

/**
 * Writes back, as one UPDATE, only the columns the change touched, and the version. (EntityManager.save
 * would SELECT the row again to diff it; writing every column would send the quote each time and
 * make PostgreSQL check every column the search trigger watches.)
 */
async function writeClaim(manager: EntityManager, claim: Claim, before: Claim): Promise<Date> {
  const changed: Record<string, unknown> = { version: claim.version };
  for (const { propertyName, isGenerated, isCreateDate, isUpdateDate, relationMetadata } of manager.connection.getMetadata(Claim).columns) {
    if (isGenerated || isCreateDate || isUpdateDate || relationMetadata) continue;
    const now = (claim as unknown as Record<string, unknown>)[propertyName];
    if (!sameValue(now, (before as unknown as Record<string, unknown>)[propertyName])) changed[propertyName] = now;
  }
  const { raw } = await manager
    .createQueryBuilder()
    .update(Claim)
    .set(changed)
    .where('id = :id', { id: claim.id })
    .returning('updated_at') // the array form of returning() is silently dropped by TypeORM 1.1
    .execute();
  return (raw as Array<{ updated_at: Date }>)[0]!.updated_at;
}

const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : typeof a === 'object' && a !== null ? JSON.stringify(a) === JSON.stringify(b) : a === b;
