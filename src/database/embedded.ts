import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import lockfile from 'proper-lockfile';
import { messagesEndIdle, SessionTurns } from './embedded-sessions';
import { serveLocalSocket, type LocalSocket } from './embedded-socket';
import { initialiseDataDir } from './embedded-template';

export class EmbeddedDatabaseLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database at ${dataDir} is in use by another process (a running server?) that does not share it ` +
        '(PGLITE_SOCKET=false). Stop it first, or set DATABASE_URL to use a PostgreSQL server that several processes can share.',
    );
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

export type EmbeddedInstance = {
  pglite: PGlite;
  /** What this process's pool talks to: the same session, in turns with local clients (embedded-sessions.ts). */
  session: Pick<PGlite, 'waitReady' | 'execProtocolStream'>;
  /** The data directory was empty and this open initialised it. */
  created: boolean;
  /** Serves the database to psql and the CLI on a Unix socket in the data directory; its path, or undefined if too long. */
  serveLocalClients: (turnTimeoutMs: number) => Promise<string | undefined>;
  close: () => Promise<void>;
};

/**
 * PGlite's defaults size shared memory for a server of 100 connections with 128 MB of buffers; this one
 * process, one connection, needs far less (≈ 140 MB less resident memory, and a faster start).
 */
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'max_connections=8'];

/** Contrib extensions the migrations create (pg_trgm: similar claims); PGlite loads them only when listed here. */
const extensions = { pg_trgm };

const lockOptions = { stale: 15_000, update: 5_000, realpath: false };

/** Beside the lock: which process holds it, so that a successor can tell a killed holder from a live one. */
const ownerFile = (directory: string): string => `${directory}.lock-owner`;

/**
 * True when the lock's recorded holder is a process of this host that no longer exists (killed, or
 * crashed): its lock would otherwise refuse every start until it goes stale, up to 15 s later.
 */
function holderIsGone(directory: string): boolean {
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(fs.readFileSync(ownerFile(directory), 'utf8')) as typeof owner;
  } catch {
    return false;
  }
  if (typeof owner.pid !== 'number' || owner.host !== os.hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ESRCH';
  }
}

async function lockDataDir(directory: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(directory, lockOptions);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    if (!holderIsGone(directory)) throw new EmbeddedDatabaseLockedError(directory);
    // Back-date the dead holder's lock so that proper-lockfile takes it over as stale, by its own rules
    // (and with their one gap: a lock re-made by a rival in the instant before this touches it).
    fs.utimesSync(`${directory}.lock`, 0, 0);
    try {
      return await lockfile.lock(directory, lockOptions);
    } catch (retryError) {
      if ((retryError as { code?: string }).code === 'ELOCKED') throw new EmbeddedDatabaseLockedError(directory);
      throw retryError;
    }
  }
}

/**
 * Opens PGlite on disk. The data directory belongs to one process at a time: a lock file refuses a
 * second process instead of letting two WASM instances corrupt the same files.
 */
export async function openEmbedded(dataDir: string): Promise<EmbeddedInstance> {
  const directory = path.resolve(dataDir);
  fs.mkdirSync(directory, { recursive: true });
  const unlock = await lockDataDir(directory);
  fs.writeFileSync(ownerFile(directory), JSON.stringify({ pid: process.pid, host: os.hostname() }));
  const release = async () => {
    fs.rmSync(ownerFile(directory), { force: true });
    await unlock();
  };
  try {
    const created = initialiseDataDir(directory);
    const pglite = await PGlite.create(directory, { startParams, extensions });
    const turns = new SessionTurns(() => pglite.isInTransaction());
    const pool = Symbol('this process');
    let socket: LocalSocket | undefined;
    return {
      pglite,
      created,
      session: {
        waitReady: pglite.waitReady,
        execProtocolStream: (message, options) =>
          turns.run(pool, () => pglite.execProtocolStream(message, options), messagesEndIdle),
      },
      serveLocalClients: async (turnTimeoutMs) => {
        socket = await serveLocalSocket(pglite, turns, directory, turnTimeoutMs);
        return socket?.path;
      },
      close: async () => {
        try {
          await socket?.close();
          await pglite.close();
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
