// npm run bench: the public face under load, against bare Express sending the very same bytes.
// Starts the built app on PostgreSQL with BENCH_FACT_CHECKS published fact-checks, records its
// responses, replays them from a bare Express app, and drives both with autocannon in its own process.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fillPublishedFactChecks, recreateDatabase } from './support/bench-data';
import { drive, type LoadResult } from './support/load';
import { startApp } from './support/app';
import { startServer, type Server } from './support/processes';

const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const factChecks = Number(process.env.BENCH_FACT_CHECKS ?? 10_000);
const databaseName = process.env.BENCH_DATABASE ?? 'claim_tracker_bench'; // dropped and rebuilt each run
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** The measured seconds split into this many turns, app and baseline alternating, so a busy neighbour slows both alike. */
const slices = Number(process.env.BENCH_SLICES ?? 1);
const resultsDir = path.resolve(__dirname, 'results');

type Scenario = { name: string; path: string; headers?: Record<string, string>; target: number };

const fixed = (value: number, digits = 0) => value.toFixed(digits);

/** What a browser sends: the app answers br, and the baseline replays those very br bytes. */
export const browserAcceptEncoding = 'gzip, deflate, br';
export type Row = { scenario: string; app: LoadResult; bare: LoadResult; ratio: number; target: number };

async function main(): Promise<void> {
  const databaseUrl = await recreateDatabase(adminUrl, databaseName);
  const app = await startApp({ DATABASE_URL: databaseUrl });
  try {
    console.log(`filling ${factChecks} published fact-checks…`);
    const filled = Date.now();
    await fillPublishedFactChecks(databaseUrl, factChecks);
    console.log(`filled in ${Date.now() - filled} ms`);
    const { rows, sizes } = await compareWithBare(app.base, { seconds, connections });
    report(rows, sizes);
    console.log(htmlLine(await compareHtmlWithJson(app.base, { seconds, connections })));
  } finally {
    await app.stop();
  }
}

/**
 * Records the app's feed and a fact-check page, replays the same bytes from bare Express, and drives
 * both with autocannon; `only` keeps the scenarios whose names it lists.
 */
export async function compareWithBare(
  base: string,
  { seconds, connections, only, label = '' }: { seconds: number; connections: number; only?: string[]; label?: string },
): Promise<{ rows: Row[]; sizes: Record<string, number> }> {
  const servers: Server[] = [];
  try {
    const feed = await record(base, '/feed.json');
    const first = JSON.parse(await (await fetch(`${base}/feed.json`)).text()).items[0].url as string;
    const factCheckPath = new URL(first).pathname;
    const factCheck = await record(base, factCheckPath);
    const recordedFile = path.join(os.tmpdir(), `claim-tracker-bench-${process.pid}.json`);
    fs.writeFileSync(recordedFile, JSON.stringify([feed, factCheck]));
    const bare = await startServer(['--import', 'tsx', path.join(__dirname, 'bare-server.ts'), recordedFile], {}, 'bare express listening');
    servers.push(bare);
    const bareBase = `http://127.0.0.1:${bare.port}`;

    const scenarios: Scenario[] = [
      { name: 'feed first page (200)', path: '/feed.json', target: 0.8 },
      { name: 'feed with If-None-Match (304)', path: '/feed.json', headers: { 'if-none-match': feed.headers.etag! }, target: 0.9 },
      { name: 'public fact-check page (200)', path: factCheckPath, target: 0.8 },
    ].map((scenario) => ({ ...scenario, headers: { 'accept-encoding': browserAcceptEncoding, ...scenario.headers } })).filter((scenario) => !only || only.includes(scenario.name));
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      const options = { seconds: Math.max(1, Math.round(seconds / slices)), connections, headers: scenario.headers };
      await drive(`${base}${scenario.path}`, { ...options, seconds: 2 }); // warm-up, not counted
      await drive(`${bareBase}${scenario.path}`, { ...options, seconds: 2 });
      const appSlices: LoadResult[] = [];
      const bareSlices: LoadResult[] = [];
      for (let slice = 0; slice < slices; slice++) {
        appSlices.push(await drive(`${base}${scenario.path}`, options));
        bareSlices.push(await drive(`${bareBase}${scenario.path}`, options));
      }
      const appResult = combined(appSlices);
      const bareResult = combined(bareSlices);
      const ratio = appResult.requestsPerSecond / bareResult.requestsPerSecond;
      rows.push({ scenario: `${scenario.name}${label}`, app: appResult, bare: bareResult, ratio, target: scenario.target });
      console.log(line(rows.at(-1)!));
    }
    return { rows, sizes: { feedBytes: Buffer.from(feed.body, 'base64').length, factCheckBytes: Buffer.from(factCheck.body, 'base64').length } };
  } finally {
    for (const server of servers) await server.stop();
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Turns of equal length as one run: the mean rate, the median turn's latencies, every error and status counted. */
function combined(turns: LoadResult[]): LoadResult {
  if (turns.length === 1) return turns[0]!;
  const statusCodes: Record<string, number> = {};
  for (const turn of turns) for (const [status, count] of Object.entries(turn.statusCodes)) statusCodes[status] = (statusCodes[status] ?? 0) + count;
  return {
    requestsPerSecond: turns.reduce((sum, turn) => sum + turn.requestsPerSecond, 0) / turns.length,
    p50: median(turns.map((turn) => turn.p50)),
    p99: median(turns.map((turn) => turn.p99)),
    errors: turns.reduce((sum, turn) => sum + turn.errors, 0),
    non2xx: turns.reduce((sum, turn) => sum + turn.non2xx, 0),
    statusCodes,
  };
}

/** What a browser asks for a page, and what a JSON client asks. */
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
export const htmlTarget = 0.9;
export type HtmlRow = { html: LoadResult; json: LoadResult; ratio: number; bytes: { html: number; json: number } };

/**
 * The newest fact-check's page (Accept: text/html) against its JSON (Accept: application/json), both
 * from the app's public cache, brotli as a browser asks: measured in turns (three slices each), so a
 * busy machine slows both alike.
 */
export async function compareHtmlWithJson(base: string, { seconds, connections }: { seconds: number; connections: number }): Promise<HtmlRow> {
  const first = JSON.parse(await (await fetch(`${base}/feed.json`)).text()).items[0].url as string;
  const url = `${base}${new URL(first).pathname}`;
  const headers = { html: { accept: browserAccept, 'accept-encoding': browserAcceptEncoding }, json: { accept: 'application/json', 'accept-encoding': browserAcceptEncoding } };
  const sizeOf = async (accept: string) => (await fetch(url, { headers: { accept } })).arrayBuffer().then((body) => body.byteLength);
  const bytes = { html: await sizeOf(browserAccept), json: await sizeOf('application/json') };
  for (const kind of ['html', 'json'] as const) await drive(url, { seconds: 2, connections, headers: headers[kind] }); // warm-up
  const slices: Record<'html' | 'json', LoadResult[]> = { html: [], json: [] };
  const slice = Math.max(1, Math.round(seconds / 3));
  for (let turn = 0; turn < 3; turn++) {
    for (const kind of turn % 2 === 0 ? (['json', 'html'] as const) : (['html', 'json'] as const)) {
      slices[kind].push(await drive(url, { seconds: slice, connections, headers: headers[kind] }));
    }
  }
  const html = combined(slices.html);
  const json = combined(slices.json);
  return { html, json, ratio: html.requestsPerSecond / json.requestsPerSecond, bytes };
}

export const htmlLine = (row: HtmlRow) =>
  `public fact-check page (HTML, 200) ${fixed(row.html.requestsPerSecond)} req/s p50 ${row.html.p50} ms p99 ${row.html.p99} ms (${row.bytes.html} bytes) | ` +
  `its JSON ${fixed(row.json.requestsPerSecond)} req/s p50 ${row.json.p50} ms p99 ${row.json.p99} ms (${row.bytes.json} bytes) | ` +
  `ratio ${fixed(row.ratio, 2)} (target ≥ ${htmlTarget}) errors ${row.html.errors + row.html.non2xx}`;

const nodeWritten = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** The response as sent on the wire (fetch would decompress it), with the headers the baseline replays. */
export async function record(base: string, urlPath: string) {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http.get(`${base}${urlPath}`, { headers: { 'accept-encoding': browserAcceptEncoding } }, resolve).on('error', reject),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  if (response.statusCode !== 200) throw new Error(`${urlPath}: ${response.statusCode}`);
  // Every header the app sent (security headers, CORS, RateLimit, X-Request-Id…), but those Node writes itself.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (typeof value === 'string' && !nodeWritten.has(name)) headers[name] = value;
  }
  return { path: urlPath, status: 200, headers, body: Buffer.concat(chunks).toString('base64') };
}

const line = (row: Row) =>
  `${row.scenario.padEnd(32)} app ${fixed(row.app.requestsPerSecond).padStart(7)} req/s p50 ${row.app.p50} ms p99 ${row.app.p99} ms | ` +
  `bare ${fixed(row.bare.requestsPerSecond).padStart(7)} req/s p50 ${row.bare.p50} ms p99 ${row.bare.p99} ms | ` +
  `ratio ${fixed(row.ratio, 2)} (target ≥ ${row.target}) errors ${failures(row.app)}`;

/** Connection errors and 4xx/5xx answers (a 304 is the expected answer, not an error). */
const failures = (result: LoadResult) => result.errors + (result.statusCodes['4xx'] ?? 0) + (result.statusCodes['5xx'] ?? 0);

function report(rows: Row[], sizes: Record<string, number>): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  const meta = { date: new Date().toISOString(), factChecks, seconds, connections, cpus: os.cpus().length, node: process.version, ...sizes };
  fs.writeFileSync(path.join(resultsDir, 'public-face.json'), `${JSON.stringify({ meta, rows }, null, 2)}\n`);
  const table = [
    '| scenario | app req/s | app p50 / p99 ms | bare Express req/s | bare p50 / p99 ms | ratio | target | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) =>
      `| ${row.scenario} | ${fixed(row.app.requestsPerSecond)} | ${row.app.p50} / ${row.app.p99} | ${fixed(row.bare.requestsPerSecond)} | ` +
      `${row.bare.p50} / ${row.bare.p99} | ${fixed(row.ratio, 2)} | ≥ ${row.target} ${row.ratio >= row.target ? 'met' : 'MISSED'} | ${failures(row.app)} |`,
    ),
  ].join('\n');
  fs.writeFileSync(
    path.join(resultsDir, 'public-face.md'),
    `# Public face benchmark\n\n${meta.date}, ${factChecks} published fact-checks on PostgreSQL, ${connections} connections, ${seconds} s per run, ` +
      `${meta.cpus} cores, Node ${meta.node}; feed page ${sizes.feedBytes} bytes, fact-check ${sizes.factCheckBytes} bytes.\n\n${table}\n`,
  );
  console.log(`\n${table}\n\nwritten to bench/results/public-face.{json,md}`);
}

// Also runnable alone (tsx bench/public-face.bench.ts); npm run bench runs it inside bench/bench.ts.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
