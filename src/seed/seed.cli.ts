import { migrate } from '../database/migrate';
import { runWithDatabase } from '../database/with-database';
import { seed } from './seed';

void runWithDatabase(async (db) => {
  await migrate(db);
  const { articlesCreated, claimsCreated } = await seed(db.dataSource);
  console.log(`Seed: ${articlesCreated} article(s) and ${claimsCreated} claim(s) created on the ${db.kind} database.`);
});
