import { migrate, undoLastMigration } from './migrate';
import { runWithDatabase } from './with-database';

// npm run migrate            applies pending migrations
// npm run migrate:down       reverts the latest one
void runWithDatabase(async (db) => {
  if (process.argv[2] === 'down') {
    await undoLastMigration(db);
    console.log(`Reverted the latest migration on the ${db.kind} database.`);
    return;
  }
  const applied = await migrate(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : `The ${db.kind} database is up to date.`);
});
