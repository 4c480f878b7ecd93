// npm run bench: one table of every scenario, each against a baseline measured in the same run.
// The public face (10,000 fact-checks) against bare Express; the claim list and search at 10 k,
// 100 k and 1 M claims (measured in turns); verdict transitions against raw pg; the feed at 1 M against bare Express;
// embedded start-up. Writes bench/results/bench.{json,md} and list-latency.svg.
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { generateToken } from '../src/users/tokens';
import { compareHtmlWithJson, compareWithBare, htmlTarget, type Row } from './public-face.bench';
import { deepListPaths, driveReads, readPlans, searchPaths, searchTerms } from './scenarios/claims-read';
import { measureEmbeddedStartup, startupRows } from './scenarios/startup';
import { driveAppTransitions, driveRawTransitions } from './scenarios/transitions';
import { startApp, withPeakRss, type App } from './support/app';
import { fillPublishedFactChecks, recreateDatabase } from './support/bench-data';
import { listLatencySvg, markdownTable, writeResults, type BenchRow, type ListPoint } from './support/report';
import { generateScaleData } from './support/scale-data';

const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const factChecks = Number(process.env.BENCH_FACT_CHECKS ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
// One client at a time by default: the latency targets are what a reader waits for. With more clients than
// the 2 cores serve at once, the loop saturates the server and p99 measures the queue, not the query.
const latencyConnections = Number(process.env.BENCH_LATENCY_CONNECTIONS ?? 1);
const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
const largest = Number(process.env.BENCH_SCALE_CLAIMS ?? 1_000_000);
const largestDatabase = process.env.BENCH_SCALE_DATABASE ?? 'claim_tracker_scale';
const sizes = [...new Set([10_000, 100_000, largest])].filter((size) => size <= largest).sort((a, b) => a - b);
const startupRuns = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const resultsDir = path.resolve(__dirname, 'results');

const label = (claims: number): string => (claims >= 1_000_000 ? `${claims / 1_000_000} M` : `${claims / 1000} k`);

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const points: ListPoint[] = [];
  const log = (row: BenchRow) => {
    rows.push(row);
    console.log(markdownTable([row]).split('\n').at(-1));
  };

  console.log(`public face: ${factChecks} published fact-checks…`);
  const publicUrl = await recreateDatabase(adminUrl, 'claim_tracker_bench');
  const publicApp = await startApp({ DATABASE_URL: publicUrl });
  try {
    await fillPublishedFactChecks(publicUrl, factChecks);
    const { result } = await withPeakRss(publicApp, () => compareWithBare(publicApp.base, { seconds, connections }));
    for (const row of result.rows) log(againstBare(row, publicApp.rssMb()));
    const page = await compareHtmlWithJson(publicApp.base, { seconds, connections });
    log({
      scenario: 'public fact-check page, HTML (200)', unit: 'req/s', result: page.html, baseline: { name: 'its cached JSON, same run', result: page.json },
      ratio: { kind: 'throughput', value: page.ratio }, target: `≥ ${htmlTarget}`, met: page.ratio >= htmlTarget, rssMb: publicApp.rssMb(),
    });
  } finally {
    await publicApp.stop();
  }

  // Every size up at once, measured in turns, so the 1 M / 10 k ratio survives a busy machine.
  const targets: Array<{ claims: number; url: string; db: Client; app: App; token: string; actorId: string; listPaths: string[] }> = [];
  try {
    for (const claims of sizes) {
      const url = await scaleDatabase(claims);
      const db = new Client({ connectionString: url });
      await db.connect();
      const app = await startApp({ DATABASE_URL: url, DATABASE_POOL_SIZE: String(poolSize) }).catch(async (error: unknown) => {
        await db.end();
        throw error;
      });
      targets.push({ claims, url, db, app, ...(await benchEditor(db)), listPaths: await deepListPaths(db) });
    }
    const options = { seconds, concurrency: latencyConnections };
    const apps = targets.map((target) => target.app);
    const lists = await withPeakRssOf(apps, () => driveReads(targets.map((target) => ({ ...target, paths: target.listPaths })), options));
    const searches = await withPeakRssOf(apps, () => driveReads(targets.map((target) => ({ ...target, paths: searchPaths() })), options));
    const listRows: BenchRow[] = [];
    const searchRows: BenchRow[] = [];
    for (const [index, { claims }] of targets.entries()) {
      const atLargest = claims === largest;
      listRows.push(latencyRow(`claim list, status filter, deep cursor, ${label(claims)} claims`, lists.result[index]!, lists.peaks[index]!, listRows[0], atLargest ? 10 : undefined));
      searchRows.push(latencyRow(`full-text search q=, ${label(claims)} claims`, searches.result[index]!, searches.peaks[index]!, searchRows[0], atLargest ? 50 : undefined, true));
      points.push({ claims, p50: lists.result[index]!.p50, p99: lists.result[index]!.p99 });
    }
    for (const row of [...listRows, ...searchRows]) log(row);
    for (const target of [targets[0]!, targets.at(-1)!]) {
      const plans = await readPlans(target.db, target.listPaths.at(-1)!, searchTerms[0]!);
      notes.push(`### Plans at ${label(target.claims)} claims\n\nDeep list page (\`${decodeURIComponent(target.listPaths.at(-1)!)}\`):\n\n\`\`\`\n${plans.list}\n\`\`\`\n\n` +
        `Search \`q=${searchTerms[0]}\`:\n\n\`\`\`\n${plans.search}\n\`\`\``);
    }
    // Only the largest app keeps running for the rest.
    for (const target of targets.slice(0, -1)) await target.app.stop();
    const { claims, url, db, app, token, actorId } = targets.at(-1)!;
    const transitionOptions = { seconds, concurrency: poolSize };
    const appMoves = await withPeakRss(app, () => driveAppTransitions(app, db, token, transitionOptions));
    const rawMoves = await driveRawTransitions(url, db, actorId, poolSize, transitionOptions);
    const ratio = appMoves.result.requestsPerSecond / rawMoves.requestsPerSecond;
    log({
      scenario: `verdict transition (set aside / reopen), ${label(claims)} claims, ${poolSize} connections`,
      unit: 'ops/s', result: appMoves.result, baseline: { name: `raw pg transaction, pool of ${poolSize}`, result: rawMoves },
      ratio: { kind: 'throughput', value: ratio }, target: '≥ 0.6', met: ratio >= 0.6, rssMb: appMoves.peakRssMb,
    });
    const feed = await withPeakRss(app, () =>
      compareWithBare(app.base, { seconds, connections, only: ['feed first page (200)', 'feed with If-None-Match (304)'], label: `, ${label(claims)} claims` }),
    );
    for (const row of feed.result.rows) log(againstBare(row, feed.peakRssMb));
  } finally {
    for (const target of targets) {
      await target.app.stop();
      await target.db.end();
    }
  }

  console.log(`embedded start-up, ${startupRuns} runs…`);
  const startup = await measureEmbeddedStartup(startupRuns);
  for (const row of startupRows(startup, startupRuns)) log(row);

  report(rows, points, notes, startup);
}

/** The database for `claims` claims: the largest is kept between runs (npm run bench:data), the others rebuilt. */
async function scaleDatabase(claims: number): Promise<string> {
  const name = claims === largest ? largestDatabase : `claim_tracker_scale_${claims / 1000}k`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (claims === largest) {
    const existing = await countClaims(url.toString());
    if (existing === claims) return url.toString();
    console.log(`${name} has ${existing ?? 'no'} claims, not ${claims}: generating it (npm run bench:data does the same)…`);
  }
  const result = await generateScaleData(adminUrl, name, claims, { quiet: claims !== largest });
  console.log(`${name}: ${result.totalRows} rows in ${result.seconds.toFixed(1)} s, ${Math.round(result.totalRows / result.seconds)} rows/s`);
  return url.toString();
}

async function countClaims(url: string): Promise<number | null> {
  const db = new Client({ connectionString: url });
  try {
    await db.connect();
    return Number((await db.query<{ count: string }>('SELECT count(*) FROM claims')).rows[0]!.count);
  } catch {
    return null;
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** An editor with a fresh token, written straight to the database (tokens are stored as SHA-256). */
async function benchEditor(db: Client): Promise<{ token: string; actorId: string }> {
  const token = generateToken();
  const actorId = (await db.query<{ id: string }>(`INSERT INTO users (name, role) VALUES ($1, 'editor') RETURNING id`, [`bench-editor-${token.prefix}`])).rows[0]!.id;
  await db.query("INSERT INTO api_tokens (user_id, token_sha256, prefix, label, issued_via) VALUES ($1, $2, $3, $4, 'cli')", [actorId, token.sha256, token.prefix, 'bench']);
  return { token: token.secret, actorId };
}

function latencyRow(scenario: string, result: BenchRow['result'], rssMb: number, baseline: BenchRow | undefined, p99Target: number | undefined, search = false): BenchRow {
  const row: BenchRow = baseline ? withBaseline({ scenario, unit: 'req/s', result, rssMb }, baseline) : { scenario, unit: 'req/s', result, rssMb };
  if (p99Target !== undefined) {
    const ratioTarget = !search && row.ratio !== undefined;
    row.target = `p99 ≤ ${p99Target} ms${ratioTarget ? ', ratio ≤ 1.3' : ''}`;
    row.met = result.p99 <= p99Target && (!ratioTarget || row.ratio!.value <= 1.3);
  }
  return row;
}

/** Compares a row's p99 with the first size's, measured in turns with it. */
function withBaseline(row: BenchRow, baseline: BenchRow): BenchRow {
  return {
    ...row,
    baseline: { name: baseline.scenario.replace(/^.*, /, 'the same at '), result: baseline.result },
    ratio: { kind: 'p99', value: row.result.p99 / baseline.result.p99 },
  };
}

/** Runs `work` while sampling each app's RSS; answers the result and each app's peak in MB. */
async function withPeakRssOf<T>(apps: App[], work: () => Promise<T>): Promise<{ result: T; peaks: number[] }> {
  const peaks = apps.map((app) => app.rssMb());
  const timer = setInterval(() => apps.forEach((app, index) => (peaks[index] = Math.max(peaks[index]!, app.rssMb()))), 250);
  try {
    return { result: await work(), peaks };
  } finally {
    clearInterval(timer);
  }
}

const againstBare = (row: Row, rssMb: number): BenchRow => ({
  scenario: row.scenario, unit: 'req/s', result: row.app, baseline: { name: 'bare Express, same bytes', result: row.bare },
  ratio: { kind: 'throughput', value: row.ratio }, target: `≥ ${row.target}`, met: row.ratio >= row.target, rssMb,
});

function report(rows: BenchRow[], points: ListPoint[], notes: string[], startup: unknown): void {
  const meta = {
    date: new Date().toISOString(), cpus: os.cpus().length, node: process.version, seconds, connections, latencyConnections, poolSize, factChecks, sizes,
  };
  const table = markdownTable(rows);
  const markdown =
    `# Benchmarks\n\n${meta.date}, ${meta.cpus} cores, Node ${meta.node}, PostgreSQL. ${seconds} s per run after a 2 s warm-up. ` +
    `Public face and feed: autocannon, ${connections} connections. Claim list and search: a loop of ${latencyConnections} keep-alive connections ` +
    `(sub-millisecond timing), every size's server up and the sizes measured in turns (5 slices each), deep cursors at 1/2 and 9/10 of every status's list, search terms ${searchTerms.map((term) => `\`${term}\``).join(', ')}. ` +
    `Transitions: ${poolSize} concurrent workers, app pool and raw pool both ${poolSize}.\n\n${table}\n\n![claim list latency against data size](list-latency.svg)\n\n${notes.join('\n\n')}\n`;
  writeResults(resultsDir, 'bench', { json: { meta, rows, listLatency: points, startup, plans: notes }, markdown, svg: listLatencySvg(points, 'Claim list, status filter, deep cursor') });
  console.log(`\n${table}\n\nwritten to bench/results/bench.{json,md} and list-latency.svg`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
