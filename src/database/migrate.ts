import { Client } from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { Database } from './database';
import { assertMayMigrate, grantServicePrivileges } from './privileges';

// Arbitrary constant: the key of the PostgreSQL advisory lock that serialises migration runs.
const migrationLockKey = 4_711_2026;

/**
 * Applies pending migrations. On a shared PostgreSQL several instances may start at once, so the run
 * holds an advisory lock; the embedded database is already owned by this one process. With
 * `grantTo` (PostgreSQL, connected as the schema's owner), that service role's grants are then
 * brought up to date under the same lock, on every run: the role may be new to an old schema.
 */
export async function migrate(db: Database, options: { grantTo?: string } = {}): Promise<string[]> {
  if (options.grantTo === undefined && (await everyMigrationApplied(db))) return [];
  if (db.kind === 'embedded') return names(await db.dataSource.runMigrations({ transaction: 'each' }));
  // The lock lives on its own connection, outside the pool, so that a pool of one can still migrate.
  const lock = new Client({ connectionString: (db.dataSource.options as PostgresDataSourceOptions).url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    let applied: string[] = [];
    if (!(await everyMigrationApplied(db))) {
      await assertMayMigrate(db.dataSource);
      applied = names(await db.dataSource.runMigrations({ transaction: 'each' }));
    }
    if (options.grantTo !== undefined) await grantServicePrivileges(db.dataSource, options.grantTo);
    return applied;
  } finally {
    await lock.end();
  }
}

/**
 * The usual start: nothing to do. One query answers it, where TypeORM's own check reads
 * information_schema (a tenth of a second on a cold embedded database) and takes the lock.
 */
export async function everyMigrationApplied(db: Database): Promise<boolean> {
  try {
    const rows: Array<{ name: string }> = await db.dataSource.query(`SELECT "name" FROM "schema_migrations"`);
    const applied = new Set(rows.map((row) => row.name));
    return db.dataSource.migrations.every((migration) => migration.name !== undefined && applied.has(migration.name));
  } catch {
    return false; // no table yet: a new database
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
