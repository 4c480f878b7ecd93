// npx tsx bench/validation.bench.ts (after npm run build): the worst bodies we could build, each up to
// BODY_LIMIT (1 MB), against the built app on a fresh embedded database. For each: its latency alone
// (sequential requests). Then /health p99 with no load (the baseline, same run) and while 8 workers send
// the worst bodies back to back. Targets: ≤ 50 ms per body, /health p99 ≤ 20 ms under that load.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/database/database';
import { createUser } from '../src/users/users.service';
import { startApp, type App } from './support/app';
import type { LoadResult } from './support/load';
import { markdownTable, type BenchRow } from './support/report';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const repeats = Number(process.env.BENCH_VALIDATION_REPEATS ?? 30);
const workers = 8;
const mb = 1_000_000;

type Case = { name: string; method: 'POST' | 'GET'; path: string; body?: Buffer; anonymous?: boolean };

const list = (count: number, item: string) => Array(count).fill(item).join(',');
const keys = (count: number, value = '0') => Array.from({ length: count }, (_, i) => `"k${i}":${value}`).join(',');
/** prefix + unit repeated + suffix, just under 1 MB of UTF-8. */
const fill = (prefix: string, suffix: string, unit: string) =>
  prefix + unit.repeat(Math.floor((mb - 64 - Buffer.byteLength(prefix + suffix)) / Buffer.byteLength(unit))) + suffix;

/** The bodies, each as large as the limit lets it be. `articleId` is an article claims can be anchored to. */
export function worstCases(articleId: string): Case[] {
  const claims = `/api/v1/articles/${articleId}/claims`;
  const json = (name: string, path: string, text: string, extra: Partial<Case> = {}): Case => ({ name, method: 'POST', path, body: Buffer.from(text), ...extra });
  const hop = (field: string) => ({ name: 'n', kind: 'news_outlet', [field]: 'x'.repeat(45_000) });
  return [
    json('250,000 empty sources', claims, fill('{"quote":"x","claimant":"y","sources":[', '{}]}', '{},')),
    json('80,000 unknown keys', '/api/v1/articles', `{${keys(80_000)}}`),
    json('99 unknown keys of nested arrays, 98,000 numbers', '/api/v1/articles', `{${keys(99, `[${list(99, '[1,2,3,4,5,6,7,8,9,0]')}]`)}}`),
    json('nesting 450,000 deep in a known field', '/api/v1/articles', `{"title":${'['.repeat(450_000)}${']'.repeat(450_000)}}`),
    json('999 sources (under the JSON bounds)', claims, `{"quote":"x","claimant":"y","sources":[${list(999, '{"name":"n","kind":"news_outlet","url":"http://a.b","note":"n"}')}]}`),
    json('20 sources with 45 KB fields, all invalid', claims, JSON.stringify({ quote: 'x', claimant: 'y', sources: Array.from({ length: 20 }, (_, i) => hop(['name', 'url', 'note'][i % 3]!)) })),
    json('title of 999,000 numbers in one array', '/api/v1/articles', fill('{"title":[', '0]}', '0,')),
    json('a 1 MB key', '/api/v1/articles', fill('{"', '":1}', 'k')),
    json('a 1 MB number', claims, fill('{"quote":"x","claimant":"y","start":', ',"end":1}', '9')),
    json('a 1 MB string of \\u escapes', '/api/v1/articles', fill('{"title":"', '"}', '\\u00e9')),
    json('a 1 MB string of emoji (code points counted)', `${claims}`, fill('{"claimant":"y","quote":"', '"}', '👍🏽')),
    json('evidence: every field 1 MB-ish, URL 150 KB of labels', `/api/v1/claims/00000000-0000-4000-8000-000000000000/evidence`, JSON.stringify({
      url: `https://${'a.'.repeat(75_000)}com`, title: 't'.repeat(100_000), publisher: 'p'.repeat(100_000), excerpt: 'e'.repeat(150_000),
      stance: 's'.repeat(100_000), accessedAt: '2'.repeat(50_000), archiveUrl: `http://${'b-'.repeat(50_000)}x`, note: 'n'.repeat(100_000),
    })),
    json('1 MB of whitespace around {}', '/api/v1/articles', fill('', '{}', ' ')),
    json('anonymous, 1 MB of sources (401 unread)', claims, fill('{"quote":"x","claimant":"y","sources":[', '{}]}', '{},'), { anonymous: true }),
    { name: 'query: 1,000 unknown parameters', method: 'GET', path: `/api/v1/claims?${Array.from({ length: 1_000 }, (_, i) => `x${i}=1`).join('&')}` },
  ];
}

/** What any request costs on the same server: the floor under the cases above. */
export function floorCases(): Case[] {
  return [
    { name: 'baseline: GET /health', method: 'GET', path: '/health', anonymous: true },
    { name: 'baseline: GET /api/v1/me (token looked up, no body)', method: 'GET', path: '/api/v1/me' },
    { name: 'baseline: POST /api/v1/articles {} (token, tiny body, 422)', method: 'POST', path: '/api/v1/articles', body: Buffer.from('{}') },
  ];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(base: string, token: string, c: Case): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = c.anonymous ? {} : { authorization: `Bearer ${token}` };
    if (c.body) Object.assign(headers, { 'content-type': 'application/json', 'content-length': c.body.length });
    const request = http.request(`${base}${c.path}`, { method: c.method, agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode!, bytes, ms: performance.now() - started }));
    });
    request.on('error', reject);
    request.end(c.body);
  });
}

/** CPU time the server process has used (user + system), from /proc, in ms: wall time on a shared machine measures the neighbours too. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const result = (latencies: number[], elapsedS: number, errors = 0): LoadResult => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return { requestsPerSecond: latencies.length / elapsedS, p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), errors, non2xx: 0, statusCodes: {} };
};

/** /health, one request at a time, for `seconds`, while `load` runs (if any). */
async function healthWhile(base: string, load: Promise<void> | undefined, stop: { done: boolean }): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const { ms, status } = await send(base, '', { name: 'health', method: 'GET', path: '/health', anonymous: true });
    if (status === 200) latencies.push(ms);
  }
  stop.done = true;
  await load;
  return result(latencies, (performance.now() - started) / 1000);
}

/** Every case alone, then /health without and with 8 workers sending the cases back to back. */
export async function measureValidation(app: App, token: string, articleId: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cases = worstCases(articleId);
  for (let i = 0; i < 3; i++) for (const c of [...floorCases(), ...cases]) await send(app.base, token, c); // warm the JIT
  for (const c of [...floorCases(), ...cases]) {
    const latencies: number[] = [];
    let answer = { status: 0, bytes: 0 };
    const started = performance.now();
    const cpuBefore = cpuMs(app.child.pid!);
    for (let i = 0; i < repeats; i++) ({ ms: latencies[i]!, ...answer } = await send(app.base, token, c));
    const cpuPerRequest = (cpuMs(app.child.pid!) - cpuBefore) / repeats;
    const measured = result(latencies, (performance.now() - started) / 1000);
    rows.push({
      scenario: `${c.name} (${((c.body?.length ?? c.path.length) / mb).toFixed(2)} MB) → ${answer.status}, ${answer.bytes} B; server CPU ${cpuPerRequest.toFixed(1)} ms/request`,
      unit: 'req/s', result: measured, target: '≤ 50 ms', met: measured.p99 <= 50, rssMb: app.rssMb(),
    });
    console.log(markdownTable([rows.at(-1)!]).split('\n').at(-1));
  }
  const idle = await healthWhile(app.base, undefined, { done: false });
  const stop = { done: false };
  let sent = 0;
  const load = Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = worker; !stop.done; i++) {
        await send(app.base, token, cases[i % cases.length]!);
        sent++;
      }
    }),
  ).then(() => undefined);
  const loaded = await healthWhile(app.base, load, stop);
  rows.push({
    scenario: `/health while ${workers} workers send the bodies above back to back (${sent} sent)`,
    unit: 'req/s', result: loaded, baseline: { name: '/health, no load', result: idle },
    ratio: { kind: 'p99', value: loaded.p99 / idle.p99 }, target: 'p99 ≤ 20 ms', met: loaded.p99 <= 20, rssMb: app.rssMb(),
  });
  console.log(markdownTable([rows.at(-1)!]).split('\n').at(-1));
  return rows;
}

/** The built app on a fresh embedded database, with an editor created while it is stopped (the data dir is the server's). */
async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-tracker-validation-bench-'));
  try {
    const env = { DATABASE_URL: '', PGLITE_DATA_DIR: dataDir, API_RATE_LIMIT: '10000000' };
    await (await startApp(env)).stop(); // migrates and seeds
    const db = await openDatabase({ kind: 'embedded', dataDir });
    const { secret } = await createUser(db.dataSource.manager, { name: 'validation-bench', role: 'editor' });
    await db.close();
    const app = await startApp(env);
    try {
      const articles = await fetch(`${app.base}/api/v1/articles`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.json());
      const rows = await measureValidation(app, secret, (articles as { items: Array<{ id: string }> }).items[0]!.id);
      const [load1, load5] = os.loadavg();
      const markdown =
        `# Validation cost\n\n${new Date().toISOString()}, ${os.cpus().length} cores, load average ${load1!.toFixed(1)} (1 min) / ${load5!.toFixed(1)} (5 min); ` +
        `embedded database; ${repeats} sequential requests per body; /health for ${seconds} s each.\n\n${markdownTable(rows)}\n`;
      fs.writeFileSync(path.resolve(__dirname, 'results/validation.md'), markdown);
      console.log(`\n${markdown}\nwritten to bench/results/validation.md`);
    } finally {
      await app.stop();
    }
  } finally {
    agent.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
