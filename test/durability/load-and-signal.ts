import { performance } from 'node:perf_hooks';
import type { Config } from '../../src/config/config';
import { openDatabase } from '../../src/database/database';
import { createUser } from '../../src/users/users.service';
import { copyEmbeddedTemplate } from '../support/databases';
import { startMain, type ServerProcess } from '../support/server-process';
import { driveWrites, type LoadOutcome } from './write-load';

/** A database for the scenario: PostgreSQL with DATABASE_URL, else a private copy of the embedded template. */
export function scenarioDatabase(): Config['database'] {
  const url = process.env.DATABASE_URL;
  return url ? { kind: 'postgres', url, poolSize: 1 } : { kind: 'embedded', dataDir: copyEmbeddedTemplate() };
}

/** An editor's token, written straight to the database before any server holds it. */
export async function editorToken(database: Config['database'], name: string): Promise<string> {
  const db = await openDatabase(database);
  try {
    return (await createUser(db.dataSource.manager, { name, role: 'editor' })).secret;
  } finally {
    await db.close();
  }
}

export const serverEnv = (database: Config['database']): Record<string, string> => ({
  ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : { PGLITE_DATA_DIR: database.dataDir }),
  SEED_ON_START: 'false',
  // 16 writers share one token for 1,000 writes: over the default per-token limit.
  API_RATE_LIMIT: '10000000',
});

/** Starts the server, again and again while the data directory is still locked by a killed process. */
export async function startAgain(env: Record<string, string>): Promise<{ server: ServerProcess; refusedStarts: number }> {
  for (let refusedStarts = 0; ; refusedStarts++) {
    try {
      return { server: await startMain(env), refusedStarts };
    } catch (error) {
      if (!/is in use by another process/.test(String(error)) || refusedStarts >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export type SignalledLoad = LoadOutcome & {
  /** performance.now() when the signal was sent. */
  signalledAt: number;
  exit: { code: number | null; signal: NodeJS.Signals | null };
};

/**
 * `workers` clients write concurrently; when the `signalAfter`-th 2xx arrives the server gets `signal`,
 * with the other workers' requests still in flight. Resolves when the server has exited.
 */
export async function loadThenSignal(
  server: ServerProcess,
  options: { token: string; runToken: string; signal: NodeJS.Signals; signalAfter: number; workers: number },
): Promise<SignalledLoad> {
  let signalledAt = 0;
  const outcome = await driveWrites({
    baseUrl: server.baseUrl,
    token: options.token,
    workers: options.workers,
    runToken: options.runToken,
    onAck: (count) => {
      if (count !== options.signalAfter) return;
      signalledAt = performance.now();
      server.child.kill(options.signal);
    },
  });
  if (signalledAt === 0) {
    server.child.kill('SIGKILL');
    throw new Error(`the load stopped after ${outcome.acks.length} writes, before the signal: ${JSON.stringify(outcome.refused)}`);
  }
  await server.exitCode(30_000);
  return { ...outcome, signalledAt, exit: { code: server.child.exitCode, signal: server.child.signalCode } };
}
