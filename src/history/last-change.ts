import { personRef, type PersonRef } from '../users/users.service';
import type { ClaimEventAction } from './claim-event.entity';

/** The last change of a claim: its latest history event (events are append-only, so it is also the newest). */
export type LastChange = { action: ClaimEventAction; actor: PersonRef | null; at: Date };

/**
 * SQL joining each row of the claims table (alias `claim` in the surrounding query) to its latest
 * history event and the name of its actor: a LATERAL subquery that walks claim_events_claim_seq_idx
 * (claim_id, seq) backwards and stops at the first row, so it costs one index probe per claim.
 * Select `lastChangeColumns`.
 */
export const lastChangeJoin = `
  LEFT JOIN LATERAL (
    SELECT latest.action, latest.actor_id, actor.name AS actor_name, latest.created_at
    FROM claim_events latest
    LEFT JOIN users actor ON actor.id = latest.actor_id
    WHERE latest.claim_id = claim.id
    ORDER BY latest.seq DESC
    LIMIT 1
  ) last_change ON true`;

export const lastChangeColumns =
  'last_change.action AS last_action, last_change.actor_id AS last_actor_id, last_change.actor_name AS last_actor_name, last_change.created_at AS last_at';

export type LastChangeRow = {
  last_action: ClaimEventAction | null;
  last_actor_id: string | null;
  last_actor_name: string | null;
  last_at: Date | string | null;
};

export function lastChangeOf(row: LastChangeRow): LastChange | null {
  if (row.last_action === null || row.last_at === null) return null;
  return {
    action: row.last_action,
    actor: personRef(row.last_actor_id, row.last_actor_name),
    at: new Date(row.last_at),
  };
}
