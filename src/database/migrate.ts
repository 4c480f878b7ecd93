import type { Database } from './database';

// Arbitrary constant: the key of the PostgreSQL advisory lock that serialises migration runs.
const migrationLockKey = 4_711_2026;

/**
 * Applies pending migrations. On a shared PostgreSQL several instances may start at once, so the run
 * holds an advisory lock; the embedded database is already owned by this one process.
 */
export async function migrate(db: Database): Promise<string[]> {
  if (db.kind === 'embedded') return names(await db.dataSource.runMigrations({ transaction: 'each' }));
  const lock = db.dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    return names(await db.dataSource.runMigrations({ transaction: 'each' }));
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    await lock.release();
  }
}

export async function undoLastMigration(db: Database): Promise<void> {
  await db.dataSource.undoLastMigration({ transaction: 'each' });
}

/** SQL the entities would need beyond what the migrations built; empty when they agree. */
export async function schemaDrift(db: Database): Promise<string[]> {
  const sql = await db.dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

const names = (migrations: Array<{ name: string }>): string[] => migrations.map((migration) => migration.name);
