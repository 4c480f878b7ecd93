import assert from 'node:assert/strict';
import { isOwnDatabase } from './databases';
import type { TestApp } from './test-app';

/**
 * Keeps the work that reads `table` waiting until released, to catch a request in the middle. Embedded:
 * the test holds the only connection (everything waits). PostgreSQL: an ACCESS EXCLUSIVE lock on `table`,
 * which would stall other test files on the shared database: start the app with `{ ownDatabase: true }`.
 */
export async function holdTable(app: TestApp, table: string): Promise<() => Promise<void>> {
  assert.ok(isOwnDatabase(app.config.database), `holding ${table} on the shared database would stall the other test files`);
  const runner = app.db.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  if (app.db.kind === 'postgres') await runner.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return async () => {
    await runner.rollbackTransaction();
    await runner.release();
  };
}
