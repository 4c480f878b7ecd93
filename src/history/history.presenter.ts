import type { LastChange } from './last-change';
import type { EventWithActor } from './history.service';

export function presentEvent({ event, actorName, tokenIssuedVia }: EventWithActor) {
  return {
    id: event.id,
    action: event.action,
    actor: event.actorId ? { id: event.actorId, name: actorName, tokenId: event.actorTokenId, tokenIssuedVia } : null,
    version: event.version,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    rating: event.rating,
    rationale: event.rationale,
    note: event.note,
    changes: event.changes,
    createdAt: event.createdAt.toISOString(),
  };
}

export const presentLastChange = (change: LastChange) => ({
  action: change.action,
  actor: change.actor,
  at: change.at.toISOString(),
});
