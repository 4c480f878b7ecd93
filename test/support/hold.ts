import type { TestApp } from './test-app';

/**
 * Keeps the work that reads `table` waiting until released, to catch a request in the middle. Embedded:
 * the test holds the only connection (everything waits). PostgreSQL: an ACCESS EXCLUSIVE lock on `table`;
 * other test files share the database, so pick a table few of them touch and hold it briefly.
 */
export async function holdTable(app: TestApp, table: string): Promise<() => Promise<void>> {
  const runner = app.db.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  if (app.db.kind === 'postgres') await runner.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return async () => {
    await runner.rollbackTransaction();
    await runner.release();
  };
}
