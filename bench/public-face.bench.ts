// npm run bench: the public face under load, against bare Express sending the very same bytes.
// Starts the built app on PostgreSQL with BENCH_FACT_CHECKS published fact-checks, records its
// responses, replays them from a bare Express app, and drives both with autocannon in its own process.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fillPublishedFactChecks, recreateDatabase } from './support/bench-data';
import { drive, type LoadResult } from './support/load';
import { startServer, type Server } from './support/processes';

const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = process.env.BENCH_DATABASE ?? 'claim_tracker_bench'; // dropped and rebuilt each run
const factChecks = Number(process.env.BENCH_FACT_CHECKS ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const resultsDir = path.resolve(__dirname, 'results');
const root = path.resolve(__dirname, '..');

type Scenario = { name: string; path: string; headers?: Record<string, string>; target: number };
type Row = { scenario: string; app: LoadResult; bare: LoadResult; ratio: number; target: number };

async function main(): Promise<void> {
  const databaseUrl = await recreateDatabase(adminUrl, databaseName);
  const port = await freePort();
  const app = await startApp(databaseUrl, port);
  const servers: Server[] = [];
  try {
    console.log(`filling ${factChecks} published fact-checks…`);
    const filled = Date.now();
    await fillPublishedFactChecks(databaseUrl, factChecks);
    console.log(`filled in ${Date.now() - filled} ms`);

    const base = `http://127.0.0.1:${port}`;
    const feed = await record(base, '/feed.json');
    const first = JSON.parse(Buffer.from(feed.body, 'base64').toString('utf8')).items[0].url as string;
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
    ];
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      const options = { seconds, connections, headers: scenario.headers };
      await drive(`${base}${scenario.path}`, { ...options, seconds: 2 }); // warm-up, not counted
      const appResult = await drive(`${base}${scenario.path}`, options);
      await drive(`${bareBase}${scenario.path}`, { ...options, seconds: 2 });
      const bareResult = await drive(`${bareBase}${scenario.path}`, options);
      const ratio = appResult.requestsPerSecond / bareResult.requestsPerSecond;
      rows.push({ scenario: scenario.name, app: appResult, bare: bareResult, ratio, target: scenario.target });
      console.log(line(rows.at(-1)!));
    }
    report(rows, { feedBytes: Buffer.from(feed.body, 'base64').length, factCheckBytes: Buffer.from(factCheck.body, 'base64').length });
  } finally {
    for (const server of servers) await server.stop();
    await app.stop();
  }
}

async function startApp(databaseUrl: string, port: number): Promise<Server> {
  // The app logs every request as in production; its output goes nowhere, so nothing else pays for it.
  const child = (await import('node:child_process')).spawn(process.execPath, [path.join(root, 'dist/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'info',
      PUBLIC_RATE_LIMIT: '10000000',
      PUBLIC_BASE_URL: 'https://factcheck.bench.test',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);
    if (up) {
      return {
        child,
        port,
        stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the app did not answer /health within 60 s');
}

async function record(base: string, urlPath: string) {
  const response = await fetch(`${base}${urlPath}`);
  if (response.status !== 200) throw new Error(`${urlPath}: ${response.status}`);
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'etag', 'last-modified', 'cache-control', 'vary', 'access-control-allow-origin']) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  return { path: urlPath, status: 200, headers, body: Buffer.from(await response.arrayBuffer()).toString('base64') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const fixed = (value: number, digits = 0) => value.toFixed(digits);
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
