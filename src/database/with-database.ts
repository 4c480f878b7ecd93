import { loadConfig, type Config } from '../config/config';
import { explainStartupFailure } from '../startup-errors';
import { openDatabase, type Database } from './database';

/**
 * Runs a command-line task against the configured database and exits: 0 when it succeeded, 1 with a
 * plain message when the configuration is wrong or the embedded database is held by a server.
 */
export async function runWithDatabase(task: (db: Database, config: Config) => Promise<number | void>): Promise<never> {
  let config: Config | undefined;
  try {
    config = loadConfig();
    const db = await openDatabase(config.database);
    let exitCode: number | void;
    try {
      exitCode = await task(db, config);
    } finally {
      await db.close();
    }
    process.exit(exitCode ?? 0);
  } catch (error) {
    console.error(explainStartupFailure(error, config) ?? error);
    process.exit(1);
  }
}
