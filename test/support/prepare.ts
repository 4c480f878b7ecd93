import fs from 'node:fs';
import { openDatabase } from '../../src/database/database';
import { migrate } from '../../src/database/migrate';
import { embeddedTemplateDir, testRoot } from './databases';

// Runs once before the test files: migrates the PostgreSQL test database when DATABASE_URL is set,
// and always builds the embedded template that test files copy (the suite's database without
// DATABASE_URL; with it, still the one for tests that need the embedded database in particular).
async function prepare(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
    await migrate(db);
    await db.close();
    console.log('test database: PostgreSQL, migrated');
  }
  // Without DATABASE_URL every leftover copy goes too; with it, only the template is rebuilt.
  fs.rmSync(url ? embeddedTemplateDir : testRoot, { recursive: true, force: true });
  const db = await openDatabase({ kind: 'embedded', dataDir: embeddedTemplateDir });
  await migrate(db);
  await db.close();
  console.log(url ? 'embedded (PGlite) template migrated, for the embedded-only tests' : 'test database: embedded (PGlite), template migrated');
}

prepare().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
