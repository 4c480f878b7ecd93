import fs from 'node:fs';
import { openDatabase } from './database';
import { initdbInChild, isInitialised, templateDir } from './embedded-template';
import { migrate } from './migrate';

// npm run db:template (run by `prepare` at install): the migrated, empty embedded database that every
// new data directory starts as. Several installs may race; one rename wins.
async function makeTemplate(): Promise<void> {
  const template = templateDir();
  if (isInitialised(template)) return;
  const building = `${template}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  initdbInChild(building);
  const db = await openDatabase({ kind: 'embedded', dataDir: building });
  await migrate(db);
  await db.close();
  try {
    fs.renameSync(building, template);
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    if (!isInitialised(template)) throw error;
  }
  console.log(`embedded database template ready: ${template}`);
}

makeTemplate().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
