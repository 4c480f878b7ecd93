import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';

export class EmbeddedDatabaseLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database at ${dataDir} is in use by another process (a running server?). ` +
        'Stop it first, or set DATABASE_URL to use a PostgreSQL server that several processes can share.',
    );
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

export type EmbeddedInstance = { pglite: PGlite; close: () => Promise<void> };

/**
 * Opens PGlite on disk. The data directory belongs to one process at a time: a lock file refuses a
 * second process instead of letting two WASM instances corrupt the same files.
 */
export async function openEmbedded(dataDir: string): Promise<EmbeddedInstance> {
  const directory = path.resolve(dataDir);
  fs.mkdirSync(directory, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(directory, { stale: 15_000, update: 5_000, realpath: false });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new EmbeddedDatabaseLockedError(directory);
    throw error;
  }
  try {
    const pglite = await PGlite.create(directory);
    return {
      pglite,
      close: async () => {
        try {
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
