import { schemaDrift } from './migrate';
import { asOwner, migrateAndGrant } from './service-role';
import { runWithDatabase } from './with-database';

// Fails when the entities describe a schema the migrations do not build (a migration is missing).
void runWithDatabase(async (db, config) => {
  await migrateAndGrant(db, config.database);
  const drift = await asOwner(db, config.database, schemaDrift);
  if (drift.length > 0) {
    console.error(`Entities and migrations disagree; a migration would need:\n${drift.join(';\n')};`);
    return 1;
  }
  console.log(`Entities and migrations agree (${db.kind} database).`);
});
