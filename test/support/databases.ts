import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Config } from '../../src/config/config';
import { openDatabase } from '../../src/database/database';
import { migrate } from '../../src/database/migrate';

/** The suite runs on PostgreSQL when DATABASE_URL is set, otherwise on embedded copies of one template. */
export const testRoot = path.resolve(__dirname, '../../data/test');
export const embeddedTemplateDir = path.join(testRoot, 'template');

export function testDatabaseConfig(): Config['database'] {
  const url = process.env.DATABASE_URL;
  if (url) return { kind: 'postgres', url, poolSize: 10 };
  return { kind: 'embedded', dataDir: copyEmbeddedTemplate() };
}

/** A private, already migrated embedded database: copying the template costs far less than initdb. */
export function copyEmbeddedTemplate(): string {
  if (!fs.existsSync(path.join(embeddedTemplateDir, 'PG_VERSION'))) {
    throw new Error('No migrated embedded template: run the suite with `npm test` (test/support/prepare.ts makes it).');
  }
  const dataDir = path.join(testRoot, `db-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.cpSync(embeddedTemplateDir, dataDir, { recursive: true, filter: (source) => !source.endsWith('.lock') });
  return dataDir;
}

export function removeEmbeddedCopy(database: Config['database']): void {
  if (database.kind === 'embedded' && database.dataDir.startsWith(testRoot)) {
    fs.rmSync(database.dataDir, { recursive: true, force: true });
  }
}

const ownDatabaseMark = '_own_';

/**
 * A database no other test file touches: on PostgreSQL a new, migrated database on DATABASE_URL's server
 * (for servers whose background workers would otherwise take other files' work); else an embedded copy.
 * removeOwnDatabase drops it.
 */
export async function ownDatabase(poolSize = 1): Promise<Config['database']> {
  const url = process.env.DATABASE_URL;
  if (!url) return { kind: 'embedded', dataDir: copyEmbeddedTemplate() };
  const name = `${new URL(url).pathname.slice(1)}${ownDatabaseMark}${randomBytes(4).toString('hex')}`;
  await onServer(url, `CREATE DATABASE "${name}"`);
  const own = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  const db = await openDatabase({ kind: 'postgres', url: own, poolSize: 1 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  return { kind: 'postgres', url: own, poolSize };
}

/** Whether `database` is one ownDatabase made (an embedded copy always is: no other file opens it). */
export const isOwnDatabase = (database: Config['database']): boolean =>
  database.kind === 'embedded' || new URL(database.url).pathname.includes(ownDatabaseMark);

export async function removeOwnDatabase(database: Config['database']): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (database.kind === 'embedded') return removeEmbeddedCopy(database);
  const name = new URL(database.url).pathname.slice(1);
  if (url && isOwnDatabase(database)) await onServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
