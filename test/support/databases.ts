import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/config/config';

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
