import type { DataSource, EntityManager } from 'typeorm';
import { notFound, Problem } from '../errors/problem';
import { requireCurrent, requireStrongEtag } from '../http/if-match';
import { recordEvent, type EventDraft } from '../history/history.service';
import { isEditable } from '../workflow/transitions';
import type { Actor } from '../users/users.service';
import { Claim } from './claim.entity';

/** A claim's strong ETag: its version, which every change bumps. */
export const claimEtag = (claim: Pick<Claim, 'version'>): string => `"v${claim.version}"`;

/** Changes a claim's content (text, source chain, evidence), which a claim in review does not allow. */
export type ClaimChange<Result> = (manager: EntityManager, claim: Claim) => Promise<{ event: EventDraft | null; result: Result }>;

/**
 * Every change to a claim goes through here: the claim row is locked, the client's If-Match must name
 * the current version (else 428/400/412, so no update is lost), the change runs, the version is bumped
 * and one history event is written, all in one transaction. A change that returns no event changed
 * nothing and bumps nothing. A claim whose status freezes its content (see workflow/transitions.ts)
 * refuses every change but a workflow move (moveClaim).
 */
export function changeClaim<Result>(db: DataSource, claimId: string, ifMatch: string | undefined, actor: Actor, change: ClaimChange<Result>) {
  return applyChange(db, claimId, ifMatch, actor, change, { frozenInReview: true });
}

/**
 * A workflow move (workflow.service.ts only): the one kind of change a claim in review accepts.
 * `lockFirst`: claims the move will read or change besides this one (a match's original), locked before
 * it, so that every path locks an original before its matches and two of them never wait on each other.
 */
export function moveClaim<Result>(
  db: DataSource,
  claimId: string,
  ifMatch: string | undefined,
  actor: Actor,
  change: ClaimChange<Result>,
  lockFirst: string[] = [],
) {
  return applyChange(db, claimId, ifMatch, actor, change, { frozenInReview: false, lockFirst });
}

/**
 * A change that follows from another claim's, inside that change's transaction: no If-Match (nobody
 * asked for it; the lock serialises it with every other change), whatever the status. Used for a
 * match whose original is corrected. The caller must already hold the original's lock (see moveClaim).
 */
export async function followClaim<Result>(manager: EntityManager, claimId: string, actor: Actor, change: ClaimChange<Result>): Promise<{ claim: Claim; result: Result }> {
  const claim = await manager.findOne(Claim, { where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
  if (!claim) throw notFound('claim', claimId);
  const { result } = await commitChange(manager, claim, actor, change);
  return { claim, result };
}

/**
 * The one change to a claim that writes no version and no event: an original's public record moving
 * (`last_published_at`) when a match of it is published, inside that match's transaction (whose history
 * records it). The original's content, and so its ETag and any pinned proposal, stay as they were.
 */
export async function touchPublication(manager: EntityManager, claimId: string, at: Date): Promise<void> {
  await manager.createQueryBuilder().update(Claim).set({ lastPublishedAt: at }).where('id = :id', { id: claimId }).execute();
}

async function applyChange<Result>(
  db: DataSource,
  claimId: string,
  ifMatch: string | undefined,
  actor: Actor,
  change: ClaimChange<Result>,
  { frozenInReview, lockFirst = [] }: { frozenInReview: boolean; lockFirst?: string[] },
): Promise<{ claim: Claim; result: Result }> {
  const expected = requireStrongEtag(ifMatch, 'claim');
  return db.transaction(async (manager) => {
    for (const id of [...lockFirst].sort()) {
      if (id !== claimId) await manager.findOne(Claim, { select: { id: true }, where: { id }, lock: { mode: 'pessimistic_write' } });
    }
    const claim = await manager.findOne(Claim, { where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
    if (!claim) throw notFound('claim', claimId);
    requireCurrent(expected, claimEtag(claim), 'claim');
    if (frozenInReview && !isEditable(claim.status)) {
      throw new Problem(
        'claim-frozen-in-review',
        `The claim is ${claim.status}: its text, sources and evidence stay as proposed until an editor decides. To change them, send it back first (POST /api/v1/claims/${claim.id}/transitions {"to": "in_progress", "note": …}).`,
        { claimStatus: claim.status },
      );
    }
    const { result } = await commitChange(manager, claim, actor, change);
    return { claim, result };
  });
}

/**
 * A change the system makes to a claim it already holds locked inside the caller's transaction, with
 * no If-Match and whatever the claim's status (re-anchoring after an article revision: the person
 * revising the article cannot have read every claim's ETag, and a frozen claim must still follow its
 * words). Its version is bumped all the same, so a proposal pinned before it no longer matches.
 */
export async function changeClaimBySystem<Result>(manager: EntityManager, claim: Claim, actor: Actor | null, change: ClaimChange<Result>) {
  return commitChange(manager, claim, actor, change);
}

async function commitChange<Result>(manager: EntityManager, claim: Claim, actor: Actor | null, change: ClaimChange<Result>) {
  const before = { ...claim };
  const { event, result } = await change(manager, claim);
  if (event) {
    claim.version += 1;
    claim.updatedAt = await writeClaim(manager, claim, before);
    await recordEvent(manager, claim, actor, event);
  }
  return { event, result };
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
