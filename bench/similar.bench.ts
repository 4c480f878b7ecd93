// npm run bench:similar [-- --database claim_tracker_scale]: p50/p99 of GET /api/v1/claims/:id/similar and of the
// public GET /fact-checks?q= on a scale database made by `npm run bench:data` (one client at a time, as the
// other latency scenarios). Prints a markdown table; the target is p99 ≤ 50 ms at 1 M claims. Then, for `--recall`
// claims (20), how much of the exact search's top 10 the bounded one finds.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { openDatabase } from '../src/database/database';
import { searchQueries, similarPaths } from './scenarios/similar';
import { measureRecall } from './scenarios/similar-recall';
import { startApp } from './support/app';
import { createBenchUser } from './support/bench-user';
import { httpClient } from './support/http-client';
import { runLoop } from './support/loop';

const { values } = parseArgs({ options: { database: { type: 'string', default: 'claim_tracker_scale' }, seconds: { type: 'string', default: '20' }, recall: { type: 'string', default: '20' } } });
const adminUrl = new URL(process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const url = Object.assign(new URL(adminUrl), { pathname: `/${values.database}` }).toString();
const seconds = Number(values.seconds);

async function main(): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const { count } = (await db.query<{ count: string }>('SELECT count(*) FROM claims')).rows[0]!;
  const user = await createBenchUser(db, { role: 'checker', label: 'similar' });
  const [similar, searches] = [await similarPaths(db), await searchQueries(db, 5_000)];
  const app = await startApp({ DATABASE_URL: url, PUBLIC_RATE_LIMIT: '10000000' });
  const client = httpClient(app.base, 1);
  try {
    let next = 0;
    const hits: number[] = [];
    const similarResult = await runLoop(async () => {
      const reply = await client.request('GET', similar[next++ % similar.length]!, { authorization: `Bearer ${user.secret}` });
      if (reply.status === 200) hits.push((JSON.parse(reply.body) as { items: unknown[] }).items.length);
      return reply.status === 200;
    }, { seconds, concurrency: 1 });
    let query = 0;
    const searchResult = await runLoop(async () => (await client.request('GET', searches[query++ % searches.length]!, {})).status === 200, { seconds, concurrency: 1 });
    const claims = Number(count).toLocaleString('en');
    console.log(`| scenario | req/s | p50 ms | p99 ms | errors | target |`);
    console.log(`| --- | --- | --- | --- | --- | --- |`);
    for (const [name, result] of [[`GET /claims/:id/similar, ${claims} claims (avg ${(hits.reduce((a, b) => a + b, 0) / Math.max(1, hits.length)).toFixed(1)} items)`, similarResult], [`GET /fact-checks?q= (uncached), ${claims} claims`, searchResult]] as const) {
      console.log(`| ${name} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50.toFixed(2)} | ${result.p99.toFixed(2)} | ${result.errors + result.non2xx} | p99 ≤ 50 ms ${result.p99 <= 50 ? 'met' : 'MISSED'} |`);
    }
  } finally {
    client.close();
    await app.stop();
    await user.remove();
    await db.end();
  }
  const recallClaims = Number(values.recall);
  if (recallClaims > 0) await printRecall(recallClaims);
}

async function printRecall(claims: number): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    const recall = await measureRecall(database.dataSource.manager, claims);
    console.log(
      `\nAgainst the exact search (a full scan, ${recall.exactSeconds.toFixed(1)} s a claim), over ${recall.claims} claims: ` +
        `recall of the exact top 10 ${recall.recallAt10.toFixed(2)} by id, ${recall.tieAwareRecallAt10.toFixed(2)} counting claims as similar as its least; ` +
        `a claim as similar as its best listed ${(recall.bestFound * 100).toFixed(0)} % of the time, ` +
        `mean trigram similarity of the lists ${recall.meanFound.toFixed(3)} (exact ${recall.meanExact.toFixed(3)}).`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
