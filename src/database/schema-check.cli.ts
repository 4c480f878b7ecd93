import { migrate, schemaDrift } from './migrate';
import { runWithDatabase } from './with-database';

// Fails when the entities describe a schema the migrations do not build (a migration is missing).
void runWithDatabase(async (db) => {
  await migrate(db);
  const drift = await schemaDrift(db);
  if (drift.length > 0) {
    console.error(`Entities and migrations disagree; a migration would need:\n${drift.join(';\n')};`);
    return 1;
  }
  console.log(`Entities and migrations agree (${db.kind} database).`);
});
