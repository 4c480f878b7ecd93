import type { DataSource, EntityManager } from 'typeorm';

/** The PostgreSQL channel on which every instance hears that the public record changed. */
export const publicationsChannel = 'claim_tracker_publications';

/**
 * Tells every instance that a fact-check was published or corrected. NOTIFY inside the transaction
 * is delivered only when it commits, so no instance drops its cache for a rolled-back change.
 */
export async function announcePublication(manager: EntityManager, claimId: string): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [publicationsChannel, claimId]);
}

const committedHere = new WeakMap<DataSource, Set<() => void>>();

/**
 * Calls `listener` when a publication made through `db` (this instance) has committed. The NOTIFY
 * comes back on its own connection only some time after the commit; without this, the instance
 * that published could answer the next public read from its stale cache.
 */
export function onPublicationCommitted(db: DataSource, listener: () => void): () => void {
  const listeners = committedHere.get(db) ?? new Set();
  committedHere.set(db, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** To be called after the transaction that announced a publication has committed, before answering. */
export function publicationCommitted(db: DataSource): void {
  for (const listener of committedHere.get(db) ?? []) listener();
}
