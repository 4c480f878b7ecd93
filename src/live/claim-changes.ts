import type { EntityManager } from 'typeorm';

/** The NOTIFY channel every claim history event is announced on (see live/events.routes.ts). */
export const claimChangesChannel = 'claim_changes';

/**
 * What a page learns when a claim moves: no text, no names, nothing a signed-in reader could not read
 * anyway — the page refetches its own HTML. `seq` is the claim event's, the SSE event id.
 */
export type ClaimChange = { seq: string; claimId: string; articleId: string; status: string; version: number };

/** Inside the transaction that appends the event: PostgreSQL delivers the NOTIFY only if it commits. */
export async function announceClaimChange(manager: EntityManager, change: ClaimChange): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [claimChangesChannel, JSON.stringify(change)]);
}

export function parseClaimChange(payload: string): ClaimChange | undefined {
  try {
    const value = JSON.parse(payload) as Partial<ClaimChange>;
    return typeof value.seq === 'string' && typeof value.claimId === 'string' ? (value as ClaimChange) : undefined;
  } catch {
    return undefined;
  }
}
