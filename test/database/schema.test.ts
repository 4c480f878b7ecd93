import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrations } from '../../migrations';
import { openDatabase } from '../../src/database/database';
import { migrate, schemaDrift, undoLastMigration } from '../../src/database/migrate';
import { copyEmbeddedTemplate, removeEmbeddedCopy, testDatabaseConfig } from '../support/databases';

const latestMigrationName = (): string => {
  const Latest = migrations.at(-1);
  assert.ok(Latest, 'there is at least one migration');
  const name = new Latest().name;
  assert.ok(name, 'the latest migration has a name');
  return name;
};

const appliedMigrations = async (db: Awaited<ReturnType<typeof openDatabase>>): Promise<string[]> =>
  (await db.dataSource.query('SELECT name FROM schema_migrations ORDER BY id')).map((row: { name: string }) => row.name);

/** Tables, columns, indexes, constraints and triggers as the catalogue describes them. */
const catalogue = async (db: Awaited<ReturnType<typeof openDatabase>>): Promise<string[]> =>
  (
    await db.dataSource.query(`
      SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS item
        FROM information_schema.columns WHERE table_schema = 'public'
      UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
      ORDER BY 1`)
  ).map((row: { item: string }) => row.item);

describe('database schema', () => {
  it('when every migration has run, then the entities need no further SQL', async () => {
    const config = testDatabaseConfig();
    const db = await openDatabase(config);
    try {
      assert.deepEqual(await migrate(db), [], 'the test database is already migrated');
      assert.deepEqual(await schemaDrift(db), []);
    } finally {
      await db.close();
      removeEmbeddedCopy(config);
    }
  });

  it('when the latest migration is reverted and re-applied on the embedded database, then no drift is left', async () => {
    // A private embedded copy whatever DATABASE_URL says: reverting on a shared database would break other tests.
    const config = { kind: 'embedded' as const, dataDir: copyEmbeddedTemplate() };
    const db = await openDatabase(config);
    try {
      const latest = latestMigrationName();
      assert.equal((await appliedMigrations(db)).at(-1), latest);

      const migrated = await catalogue(db);

      await undoLastMigration(db);
      assert.ok(!(await appliedMigrations(db)).includes(latest), 'down removed its record');
      // Triggers and functions are invisible to the entities, so the catalogue tells whether down undid anything.
      assert.notDeepEqual(await catalogue(db), migrated, 'with the latest migration reverted, the schema differs');

      assert.deepEqual(await migrate(db), [latest]);
      assert.equal((await appliedMigrations(db)).at(-1), latest);
      assert.deepEqual(await catalogue(db), migrated, 'up again builds the same schema');
      assert.deepEqual(await schemaDrift(db), []);
    } finally {
      await db.close();
      removeEmbeddedCopy(config);
    }
  });
});
