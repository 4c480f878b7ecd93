import { randomUUID } from 'node:crypto';
import { EventSubscriber, type DataSource, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';

/** The PostgreSQL channel on which every instance hears that the public record changed. */
export const publicationsChannel = 'claim_tracker_publications';

const announced = 'publicRecordChanged';

/**
 * Tells every instance that what the public sees changed: a publication or a correction (an
 * article's change reaches the public only through a correction). Call it inside the transaction
 * making the change: NOTIFY is delivered only if it commits, and this instance is told at the
 * commit itself (see PublicRecordSubscriber).
 */
export async function announcePublicChange(manager: EntityManager, subject: string): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [publicationsChannel, `${originOf(manager.connection)} ${subject}`]);
  if (manager.queryRunner) manager.queryRunner.data[announced] = true;
}

const origins = new WeakMap<DataSource, string>();

/** Marks this instance's announcements, so that it can tell the echo of its own NOTIFY from another instance's. */
function originOf(db: DataSource): string {
  let origin = origins.get(db);
  if (!origin) origins.set(db, (origin = randomUUID()));
  return origin;
}

/** Whether a NOTIFY payload echoes this instance's own announcement (already acted on at its commit). */
export const announcedHere = (db: DataSource, payload: string): boolean => payload.startsWith(`${originOf(db)} `);

const committedHere = new WeakMap<DataSource, Set<() => void>>();

/**
 * Calls `listener` when a transaction on `db` (this instance) that announced a change commits. The
 * NOTIFY comes back on its own connection only some time later; without this, the instance that
 * published could answer the next public read from its stale cache.
 */
export function onPublicChangeCommitted(db: DataSource, listener: () => void): () => void {
  const listeners = committedHere.get(db) ?? new Set();
  committedHere.set(db, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Registered with the data source: turns a committed announcing transaction into the local signal.
 * TypeORM loads a listed subscriber class only if it carries @EventSubscriber().
 */
@EventSubscriber()
export class PublicRecordSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit({ queryRunner, connection }: TransactionCommitEvent): void {
    if (!queryRunner.data[announced]) return;
    delete queryRunner.data[announced];
    for (const listener of committedHere.get(connection) ?? []) listener();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    delete queryRunner.data[announced];
  }
}
