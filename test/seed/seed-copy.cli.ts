import { runWithDatabase } from '../../src/database/with-database';
import { loadSeedArticles } from '../../src/seed/fixtures';
import { seed } from '../../src/seed/seed';

// The seed command's work on the shipped article under the slug given as argument, so that several
// processes can race to seed an article that no earlier run has created, on a shared PostgreSQL too.
void runWithDatabase(async (db) => {
  const [shipped] = loadSeedArticles();
  console.log(JSON.stringify(await seed(db.dataSource, [{ ...shipped!, slug: process.argv[2]! }])));
});
