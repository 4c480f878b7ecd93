import { report, runFuzz, seedFromEnv } from './fuzz-suite';
import { startWorld } from './world';

/**
 * The long bad-input run (`npm run fuzz`): FUZZ_RUNS generated requests (default 5,000) against
 * every operation of the served OpenAPI document, on DATABASE_URL or an embedded copy. Prints the
 * seed and the counts by route and status; FUZZ_SEED=<seed> replays a run.
 */
async function main(): Promise<void> {
  const numRuns = Number(process.env.FUZZ_RUNS ?? 5000);
  const seed = seedFromEnv();
  console.log(`fuzz: ${numRuns} requests, seed ${seed}, database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded'}`);
  const world = await startWorld();
  try {
    console.log(report(await runFuzz(world, { numRuns, seed })));
    console.log(report(await runFuzz(world, { numRuns: Math.ceil(numRuns / 3), seed, cases: 'odd-query' })));
  } finally {
    await world.app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
