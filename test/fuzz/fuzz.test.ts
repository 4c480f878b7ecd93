import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { report, runFuzz, seedFromEnv } from './fuzz-suite';
import { startWorld, type World } from './world';

/**
 * The short run of the bad-input suite: a few hundred requests generated from the served OpenAPI
 * document, with a fixed seed so that a failure replays (`FUZZ_SEED`, `FUZZ_RUNS` change them).
 * `npm run fuzz` is the long run.
 */
describe('bad input generated from the OpenAPI document', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.app.close());

  it('when hundreds of broken and valid requests hit every route as every caller, then no 5xx, every error is a problem document, accepted text reads back byte for byte and refused writes store nothing', async (t) => {
    const numRuns = Number(process.env.FUZZ_RUNS ?? 300);
    const stats = await runFuzz(world, { numRuns, seed: seedFromEnv(20261127) });
    for (const line of report(stats).split('\n').slice(0, 3)) t.diagnostic(line);
    assert.ok(stats.requests >= numRuns, `${stats.requests} requests`);
    assert.ok(stats.textsCompared > 0, 'no accepted write was read back: the byte-for-byte property was never checked');
    assert.ok([...stats.byStatus.keys()].some((status) => status >= 400), 'no request was refused');
  });

  it('when q and cursor hold odd values (operator runs, many or long words, Unicode, base64 of junk, out-of-range ids, times and numbers), then no 5xx and no error-level log line', async (t) => {
    const numRuns = Math.ceil(Number(process.env.FUZZ_RUNS ?? 300) / 3);
    const stats = await runFuzz(world, { numRuns, seed: seedFromEnv(20261203), cases: 'odd-query' });
    for (const line of report(stats).split('\n').slice(0, 2)) t.diagnostic(line);
    assert.ok(stats.requests >= numRuns, `${stats.requests} requests`);
  });
});
