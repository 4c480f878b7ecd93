// npm run soak [-- --seconds 60 --connections 100 --claims 200 --writers 6]: mixed traffic against the
// built server on PostgreSQL — public feed and fact-checks, API reads, and claim changes by several
// people through real If-Match flows — with the server's memory sampled from start to end.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { fillPublishedFactChecks, recreateDatabase } from './support/bench-data';
import type { SoakPlan } from './support/soak-load';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    claims: { type: 'string', default: '200' },
    writers: { type: 'string', default: '6' },
    'fact-checks': { type: 'string', default: '1000' },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const claimCount = Number(args.claims);
const writerCount = Number(args.writers);
const factChecks = Number(args['fact-checks']);
const adminUrl = process.env.SOAK_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = process.env.SOAK_DATABASE ?? 'claim_tracker_soak'; // dropped and rebuilt each run
const sampleEveryMs = 2_000;
const root = path.resolve(__dirname, '..');
const resultsDir = path.join(__dirname, 'results');

type MemorySample = { atSeconds: number; phase: 'start' | 'load' | 'end'; rssMb: number; heapUsedMb: number | undefined };

async function main(): Promise<void> {
  const databaseUrl = await recreateDatabase(adminUrl, databaseName);
  const port = await freePort();
  const metricsToken = randomBytes(24).toString('base64url');
  const server = await startApp(databaseUrl, port, metricsToken);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    console.log(`filling ${factChecks} published fact-checks, ${writerCount} writers, ${claimCount} claims to change…`);
    await fillPublishedFactChecks(databaseUrl, factChecks);
    const factCheckPaths = (await publishedIds(databaseUrl)).map((id) => `/fact-checks/${id}`);
    const tokens = await createWriters(databaseUrl, baseUrl, writerCount);
    const claimIds = await createClaims(baseUrl, tokens[0]!, claimCount);
    const plan: SoakPlan = { baseUrl, seconds, connections, tokens, claimIds, factCheckPaths };

    const scrape = () => scrapeMetrics(baseUrl, metricsToken);
    const startedAt = Date.now();
    const samples: MemorySample[] = [];
    const sample = async (phase: MemorySample['phase']) =>
      samples.push({ atSeconds: Math.round((Date.now() - startedAt) / 1000), phase, rssMb: rssMb(server.child.pid!), heapUsedMb: heapMb(await scrape()) });
    const before = await scrape();
    await sample('start');

    console.log(`driving ${connections} connections for ${seconds} s…`);
    const timer = setInterval(() => void sample('load'), sampleEveryMs);
    const result = await runLoad(plan);
    clearInterval(timer);
    const after = await scrape();
    await sample('end');

    report({ result, samples, before, after, plan: { seconds, connections, claims: claimCount, writers: writerCount, factChecks } });
    if (errorsOf(result).total > 0) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

async function startApp(databaseUrl: string, port: number, metricsToken: string) {
  // As in production: request logging on (to nowhere), the rate limiter set high rather than off.
  const child = spawn(process.execPath, [path.join(root, 'dist/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'info',
      PUBLIC_RATE_LIMIT: '10000000',
      API_RATE_LIMIT: '10000000',
      // The soak keeps adding evidence to its 200 claims; the per-claim cap (default 200) would answer 409.
      EVIDENCE_PER_CLAIM_MAX: '10000',
      PUBLIC_BASE_URL: 'https://factcheck.soak.test',
      METRICS_TOKEN: metricsToken,
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`the server exited on its own: code ${code}, signal ${signal}`);
  });
  let stopping = false;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) }).then((response) => response.ok, () => false)) {
      return { child, stop: () => ((stopping = true), stopChild(child)) };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the app did not answer /health within 60 s');
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));

async function publishedIds(databaseUrl: string): Promise<string[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query<{ id: string }>(`SELECT id FROM claims WHERE status = 'published' ORDER BY id LIMIT 500`)).rows.map((row) => row.id);
  } finally {
    await db.end();
  }
}

/** An admin from the CLI (as an operator would), then the writers over HTTP as that admin (each replacing their first token): checkers and editors. */
async function createWriters(databaseUrl: string, baseUrl: string, count: number): Promise<string[]> {
  const output = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [path.join(root, 'dist/src/cli/cli.js'), 'users:create', '--name', 'soak-admin', '--role', 'admin'], { env: { ...process.env, DATABASE_URL: databaseUrl } }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
  const admin = output.trim().split('\n').at(-1)!;
  const tokens: string[] = [];
  for (let index = 0; index < count; index++) {
    const role = index % 3 === 2 ? 'editor' : 'checker';
    const created = await call(baseUrl, admin, 'POST', '/api/v1/users', { name: `soak-${role}-${index + 1}`, role }, 201);
    // An admin hands out a first token; the writer replaces it with their own before working.
    const own = await call(baseUrl, created.body.token.secret as string, 'POST', '/api/v1/me/tokens', { label: 'soak' }, 201);
    tokens.push(own.body.secret as string);
  }
  return tokens;
}

/** One article whose sentences each hold one quotable figure, and a claim anchored to each. */
async function createClaims(baseUrl: string, token: string, count: number): Promise<string[]> {
  const quote = (n: number) => `the bridge cost ${n} million dollars`;
  const body = Array.from({ length: count }, (_, index) => `Officials said ${quote(index + 1)}.`).join(' ');
  const article = await call(baseUrl, token, 'POST', '/api/v1/articles', { title: 'Soak: bridge costs', language: 'en', body }, 201);
  const ids: string[] = [];
  for (let n = 1; n <= count; n++) {
    const claim = await call(baseUrl, token, 'POST', `/api/v1/articles/${article.body.id}/claims`, { quote: quote(n), claimant: 'Officials' }, 201);
    ids.push(claim.body.id as string);
  }
  return ids;
}

async function call(baseUrl: string, token: string, method: string, urlPath: string, body: unknown, expected: number) {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, any>;
  if (response.status !== expected) throw new Error(`${method} ${urlPath}: ${response.status} ${JSON.stringify(json)}`);
  return { body: json };
}

type LoadResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
};

/** autocannon in its own process, so the load generator never shares the server's event loop or ours. */
function runLoad(plan: SoakPlan): Promise<LoadResult> {
  const planFile = path.join(os.tmpdir(), `claim-tracker-soak-${process.pid}.json`);
  fs.writeFileSync(planFile, JSON.stringify(plan));
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/soak-load.ts'), planFile], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      fs.rmSync(planFile, { force: true });
      if (error) return reject(error);
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult);
    }),
  );
}

/**
 * An error is a connection error or timeout, or any answer but 2xx/3xx — except 412: two people
 * changing the same claim from the same ETag is the contention If-Match exists for, and exactly one
 * of them must lose. Every other 4xx means the server refused a valid request.
 */
function errorsOf(result: LoadResult) {
  const byStatus = Object.entries(result.statusCodeStats).map(([status, { count }]) => [Number(status), Number(count)] as const);
  const contention = byStatus.filter(([status]) => status === 412).reduce((sum, [, count]) => sum + count, 0);
  const badAnswers = byStatus.filter(([status]) => status >= 400 && status !== 412).reduce((sum, [, count]) => sum + count, 0);
  return { contention, badAnswers, connection: result.errors, total: result.errors + badAnswers };
}

async function scrapeMetrics(baseUrl: string, token: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return response.ok ? response.text() : '';
}

const sum = (text: string, pattern: RegExp) =>
  text.split('\n').filter((line) => pattern.test(line)).reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
const heapMb = (text: string) => (text ? round(sum(text, /^nodejs_heap_size_used_bytes /) / 2 ** 20) : undefined);
const rssMb = (pid: number) => round(Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);
const round = (value: number) => Math.round(value * 10) / 10;

/** What the server itself counted, by status, while the load ran (from its /metrics). */
function serverCounts(before: string, after: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [text, sign] of [[after, 1], [before, -1]] as const) {
    for (const match of text.matchAll(/^http_requests_total\{[^}]*status="(\d+)"\} (\d+)$/gm)) {
      counts[match[1]!] = (counts[match[1]!] ?? 0) + sign * Number(match[2]);
    }
  }
  return counts;
}

function report(run: { result: LoadResult; samples: MemorySample[]; before: string; after: string; plan: Record<string, number> }): void {
  const { result, samples, plan } = run;
  const errors = errorsOf(result);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, Number(count)]));
  const server = serverCounts(run.before, run.after);
  const start = samples[0]!;
  const end = samples.at(-1)!;
  const loaded = samples.filter((entry) => entry.phase === 'load');
  // Growth under steady load, from the first sample after warm-up to the end: what "flat" is judged on.
  const warm = loaded[1] ?? loaded[0] ?? start;
  const peak = Math.max(...samples.map((entry) => entry.rssMb));
  // Heap used right after a collection is the live heap: the lowest sample of each half of the run tracks it.
  const heaps = loaded.map((entry) => entry.heapUsedMb ?? Infinity);
  const half = Math.floor(heaps.length / 2);
  const heapFloor = { firstHalf: Math.min(...heaps.slice(0, half)), secondHalf: Math.min(...heaps.slice(half)) };
  const meta = { date: new Date().toISOString(), ...plan, cpus: os.cpus().length, node: process.version };
  const summary = {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: errors.total,
    connectionErrors: errors.connection,
    timeouts: result.timeouts,
    unexpectedStatuses: errors.badAnswers,
    contention412: errors.contention,
    statusCodes,
    serverCountedStatuses: server,
    rssMb: { start: start.rssMb, afterWarmUp: warm.rssMb, peak, end: end.rssMb, growthAfterWarmUp: round(end.rssMb - warm.rssMb) },
    heapUsedMb: { start: start.heapUsedMb, end: end.heapUsedMb, lowestInFirstHalf: heapFloor.firstHalf, lowestInSecondHalf: heapFloor.secondHalf },
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'soak.json'), `${JSON.stringify({ meta, summary, samples }, null, 2)}\n`);
  const table = [
    '| requests | req/s | p50 / p99 / max ms | errors | 412 (contention) | RSS start → after warm-up → end (peak) MB | heap used start → end MB | lowest heap used, 1st → 2nd half MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${summary.requests} | ${summary.requestsPerSecond} | ${summary.p50Ms} / ${summary.p99Ms} / ${summary.maxMs} | ${summary.errors} | ${summary.contention412} | ` +
      `${start.rssMb} → ${warm.rssMb} → ${end.rssMb} (${peak}) | ${start.heapUsedMb} → ${end.heapUsedMb} | ${heapFloor.firstHalf} → ${heapFloor.secondHalf} |`,
  ].join('\n');
  const memory = [
    '| at s | phase | RSS MB | heap used MB |',
    '| ---: | --- | ---: | ---: |',
    ...samples.map((entry) => `| ${entry.atSeconds} | ${entry.phase} | ${entry.rssMb} | ${entry.heapUsedMb ?? '—'} |`),
  ].join('\n');
  const statuses = `Status codes seen by the load generator: ${JSON.stringify(statusCodes)}; counted by the server's /metrics: ${JSON.stringify(server)}.`;
  fs.writeFileSync(
    path.join(resultsDir, 'soak.md'),
    `# Soak\n\n${meta.date}: ${plan.seconds} s, ${plan.connections} connections, ${plan.writers} writers changing ${plan.claims} claims, ` +
      `${plan.factChecks} published fact-checks, PostgreSQL, ${meta.cpus} cores, Node ${meta.node}.\n\n${table}\n\n${statuses}\n\n${memory}\n`,
  );
  console.log(`\n${table}\n\n${statuses}\n\n${memory}\n\nwritten to bench/results/soak.{json,md}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const listener = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = listener.address() as net.AddressInfo;
      listener.close(() => resolve(port));
    });
    listener.on('error', reject);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
