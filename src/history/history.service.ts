import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Claim } from '../claims/claim.entity';
import { ApiToken, type IssuedVia } from '../users/api-token.entity';
import { User } from '../users/user.entity';
import type { Actor } from '../users/users.service';
import { ClaimEvent } from './claim-event.entity';
import { oldestFirstPage } from '../http/pagination';
import { enqueueWebhooks } from '../webhooks/outbox';
import { announceClaimChange } from '../live/claim-changes';

export type EventDraft = Pick<ClaimEvent, 'action'> &
  Partial<Pick<ClaimEvent, 'fromStatus' | 'toStatus' | 'rating' | 'rationale' | 'note' | 'changes'>>;

export type EventWithActor = { event: ClaimEvent; actorName: string | null; tokenIssuedVia: IssuedVia | null };

/**
 * Appends to the claim's history; call inside the transaction that made the change. A plain INSERT:
 * save() would build a persistence plan and read the generated columns back, which nobody uses here.
 * The webhook outbox is written here too, so every change that has a history event has its deliveries.
 */
export async function recordEvent(manager: EntityManager, claim: Claim, actor: Actor | null, draft: EventDraft): Promise<void> {
  const inserted = await manager
    .createQueryBuilder()
    .insert()
    .into(ClaimEvent)
    .values(<QueryDeepPartialEntity<ClaimEvent>>{
      fromStatus: null,
      toStatus: null,
      rating: null,
      rationale: null,
      note: null,
      changes: null,
      ...draft,
      claimId: claim.id,
      actorId: actor?.id ?? null,
      actorTokenId: actor?.tokenId ?? null,
      actorSessionId: actor?.sessionId ?? null,
      version: claim.version,
    })
    .returning(['seq'])
    .updateEntity(false)
    .execute();
  await enqueueWebhooks(manager, claim, draft);
  const seq = String((inserted.raw as Array<{ seq: string }>)[0]!.seq);
  await announceClaimChange(manager, { seq, claimId: claim.id, articleId: claim.articleId, status: claim.status, version: claim.version });
}

/** Oldest first; fetches limit + 1 events (see toPage). */
export async function listHistory(
  manager: EntityManager,
  claimId: string,
  page: { limit: number; after?: string },
): Promise<EventWithActor[]> {
  const select = manager
    .createQueryBuilder(ClaimEvent, 'event')
    .leftJoin(User, 'actor', 'actor.id = event.actorId')
    .addSelect('actor.name', 'actor_name')
    .leftJoin(ApiToken, 'token', 'token.id = event.actorTokenId')
    .addSelect('token.issuedVia', 'token_issued_via')
    .where('event.claimId = :claimId', { claimId });
  const rows = await oldestFirstPage(select, 'event', page).getRawAndEntities();
  return rows.entities.map((event, index) => {
    const raw = rows.raw[index] as { actor_name: string | null; token_issued_via: IssuedVia | null };
    return { event, actorName: raw.actor_name, tokenIssuedVia: raw.token_issued_via };
  });
}

/** The newest event of a claim, with who made it: what a person is told when their change came too late. */
export async function latestEvent(manager: EntityManager, claimId: string): Promise<EventWithActor | null> {
  const row = await manager
    .createQueryBuilder(ClaimEvent, 'event')
    .leftJoin(User, 'actor', 'actor.id = event.actorId')
    .addSelect('actor.name', 'actor_name')
    .where('event.claimId = :claimId', { claimId })
    .orderBy('event.seq', 'DESC')
    .limit(1)
    .getRawAndEntities();
  const [event] = row.entities;
  return event ? { event, actorName: (row.raw[0] as { actor_name: string | null }).actor_name, tokenIssuedVia: null } : null;
}
