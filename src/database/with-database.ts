import { ConfigError, loadConfig, type Config } from '../config/config';
import { openDatabase, type Database } from './database';
import { EmbeddedDatabaseLockedError } from './embedded';
import { ServiceRoleError } from './privileges';

/**
 * Runs a command-line task against the configured database and exits: 0 when it succeeded, 1 with a
 * plain message when the configuration is wrong or the embedded database is held by a server.
 */
export async function runWithDatabase(task: (db: Database, config: Config) => Promise<number | void>): Promise<never> {
  try {
    const config = loadConfig();
    const db = await openDatabase(config.database);
    let exitCode: number | void;
    try {
      exitCode = await task(db, config);
    } finally {
      await db.close();
    }
    process.exit(exitCode ?? 0);
  } catch (error) {
    const expected =
      error instanceof ConfigError || error instanceof EmbeddedDatabaseLockedError || error instanceof ServiceRoleError;
    console.error(expected ? (error as Error).message : error);
    process.exit(1);
  }
}
