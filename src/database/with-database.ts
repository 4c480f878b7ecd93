import { loadConfig, type Config } from '../config/config';
import { explainStartupFailure } from '../startup-errors';
import fs from 'node:fs';
import { openDatabase, type Database } from './database';
import { EmbeddedDatabaseLockedError } from './embedded';
import { localSocketPath, localSocketUrl } from './embedded-socket';

/**
 * Runs a command-line task against the configured database and exits: 0 when it succeeded, 1 with a
 * plain message when the configuration is wrong or the embedded database is held by a server.
 */
export async function runWithDatabase(task: (db: Database, config: Config) => Promise<number | void>): Promise<never> {
  let config: Config | undefined;
  try {
    config = loadConfig();
    const db = await openForCommand(config.database);
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

/** The configured database; an embedded one that a running server holds, through that server's socket. */
async function openForCommand(database: Config['database']): Promise<Database> {
  try {
    return await openDatabase(database);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseLockedError) || database.kind !== 'embedded') throw error;
    if (!fs.existsSync(localSocketPath(database.dataDir))) throw error;
    return openDatabase({ kind: 'postgres', url: localSocketUrl(database.dataDir), poolSize: 1 });
  }
}
