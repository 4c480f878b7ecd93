import { undoLastMigration } from './migrate';
import { asOwner, migrateAndGrant } from './service-role';
import { runWithDatabase } from './with-database';

// npm run migrate            applies pending migrations (as DATABASE_OWNER_URL when set, then grants)
// npm run migrate:down       reverts the latest one
void runWithDatabase(async (db, config) => {
  if (process.argv[2] === 'down') {
    await asOwner(db, config.database, undoLastMigration);
    console.log(`Reverted the latest migration on the ${db.kind} database.`);
    return;
  }
  const applied = await migrateAndGrant(db, config.database);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : `The ${db.kind} database is up to date.`);
});
