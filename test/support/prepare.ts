import fs from 'node:fs';
import { openDatabase } from '../../src/database/database';
import { migrate } from '../../src/database/migrate';
import { embeddedTemplateDir, testRoot } from './databases';

// Runs once before the test files: migrates the PostgreSQL test database, or builds the embedded
// template that each test file copies.
async function prepare(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
    await migrate(db);
    await db.close();
    console.log('test database: PostgreSQL, migrated');
    return;
  }
  fs.rmSync(testRoot, { recursive: true, force: true });
  const db = await openDatabase({ kind: 'embedded', dataDir: embeddedTemplateDir });
  await migrate(db);
  await db.close();
  console.log('test database: embedded (PGlite), template migrated');
}

prepare().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
