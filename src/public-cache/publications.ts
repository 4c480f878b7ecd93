import type { EntityManager } from 'typeorm';

/** The PostgreSQL channel on which every instance hears that the public record changed. */
export const publicationsChannel = 'claim_tracker_publications';

/**
 * Tells every instance that a fact-check was published or corrected. NOTIFY inside the transaction
 * is delivered only when it commits, so no instance drops its cache for a rolled-back change.
 */
export async function announcePublication(manager: EntityManager, claimId: string): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [publicationsChannel, claimId]);
}
