import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { openDatabase, type Database } from './database';
import { everyMigrationApplied, migrate } from './migrate';
import { grantsInPlace, ServiceRoleError, servicePrivilegeProblems } from './privileges';

const ownerUrlOf = (database: Config['database']): string | undefined =>
  database.kind === 'postgres' ? database.ownerUrl : undefined;

/**
 * Runs `task` connected as the schema's owner: DATABASE_OWNER_URL when set (a connection of its own,
 * closed after), else the service's own database, as with a single role.
 */
export async function asOwner<T>(db: Database, database: Config['database'], task: (owner: Database) => Promise<T>): Promise<T> {
  const ownerUrl = ownerUrlOf(database);
  if (ownerUrl === undefined) return task(db);
  const owner = await openDatabase({ kind: 'postgres', url: ownerUrl, poolSize: 1 });
  try {
    return await task(owner);
  } finally {
    await owner.close();
  }
}

const whoAndWhere = async (db: Database): Promise<{ role: string; database: string }> =>
  (await db.dataSource.query<Array<{ role: string; database: string }>>('SELECT current_user AS role, current_database() AS database'))[0]!;

/**
 * Migrations as the owner and, with two roles, the service role's grants; with one role, as before.
 * The service role is whoever DATABASE_URL logs in as, asked of the server rather than parsed.
 */
export async function migrateAndGrant(db: Database, database: Config['database']): Promise<string[]> {
  if (ownerUrlOf(database) === undefined) return migrate(db);
  if ((await everyMigrationApplied(db)) && (await grantsInPlace(db.dataSource))) return [];
  const service = await whoAndWhere(db);
  return asOwner(db, database, async (owner) => {
    const { role, database: ownerDatabase } = await whoAndWhere(owner);
    if (ownerDatabase !== service.database) {
      throw new ServiceRoleError(
        `DATABASE_OWNER_URL reaches the database ${ownerDatabase}, DATABASE_URL the database ${service.database}: they must be the same`,
      );
    }
    if (role === service.role) throw new ServiceRoleError(`DATABASE_OWNER_URL and DATABASE_URL are both the role ${role}`);
    return migrate(owner, { grantTo: service.role });
  });
}

/**
 * At start-up, after migrating: may the service role rewrite the history? With DATABASE_OWNER_URL the
 * operator asked for a role that may not, so any power left is a mistake and the start is refused;
 * with one role (PostgreSQL as before), the triggers are the only guard and a warning says so.
 */
export async function guardServiceRole(db: Database, database: Config['database'], logger: Logger): Promise<void> {
  if (db.kind !== 'postgres') return;
  const problems = await servicePrivilegeProblems(db.dataSource);
  if (problems.length === 0) return;
  if (ownerUrlOf(database) !== undefined) {
    throw new ServiceRoleError(
      `The service role (DATABASE_URL) could change the history, so the server does not start:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
  }
  logger.warn(
    { problems },
    'the service role could change or drop the history; only the triggers guard it (see DATABASE_OWNER_URL in the README)',
  );
}
