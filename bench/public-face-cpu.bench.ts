// CPU time per cached public read: the app against bare Express replaying its very bytes and headers.
// Counts the server process's own CPU (/proc utime + stime) over a fixed number of requests, so a busy
// neighbour on the shared machine changes the wall time, hardly the figure. Needs the built app
// (npm run build) and a database with published fact-checks:
//   DATABASE_URL=postgres://… tsx bench/public-face-cpu.bench.ts
// BENCH_REQUESTS (20000), BENCH_CONNECTIONS (10), BENCH_APP_ROOT (another checkout's built app, to
// compare before and after), BENCH_CPU_PROF=dir (the app runs with --cpu-prof into dir).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from './support/app';
import { drive } from './support/load';
import { startServer, type Server } from './support/processes';
import { browserAcceptEncoding, record } from './public-face.bench';

const databaseUrl = process.env.DATABASE_URL;
const requests = Number(process.env.BENCH_REQUESTS ?? 20_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const appRoot = process.env.BENCH_APP_ROOT ?? path.resolve(__dirname, '..');
const cpuProf = process.env.BENCH_CPU_PROF;
const ticksPerSecond = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime, stime
}

async function microsecondsPerRequest(server: Server, url: string, headers: Record<string, string>): Promise<number> {
  await drive(url, { seconds: 0, connections, headers, amount: Math.ceil(requests / 4) }); // warm-up
  const before = cpuSeconds(server.child.pid!);
  const result = await drive(url, { seconds: 0, connections, headers, amount: requests });
  if (result.errors + (result.statusCodes['4xx'] ?? 0) + (result.statusCodes['5xx'] ?? 0) > 0) throw new Error(`${url}: errors ${JSON.stringify(result)}`);
  return ((cpuSeconds(server.child.pid!) - before) * 1e6) / requests;
}

async function main(): Promise<void> {
  if (!databaseUrl) throw new Error('DATABASE_URL: a database with published fact-checks');
  const nodeArgs = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [];
  const app = await startApp({ DATABASE_URL: databaseUrl }, { nodeArgs, appRoot });
  const servers: Server[] = [app];
  try {
    const feed = await record(app.base, '/feed.json');
    const first = JSON.parse(await (await fetch(`${app.base}/feed.json`)).text()).items[0].url as string;
    const factCheck = await record(app.base, new URL(first).pathname);
    const recordedFile = path.join(os.tmpdir(), `claim-tracker-cpu-bench-${process.pid}.json`);
    fs.writeFileSync(recordedFile, JSON.stringify([feed, factCheck]));
    const bare = await startServer(['--import', 'tsx', path.join(__dirname, 'bare-server.ts'), recordedFile], {}, 'bare express listening');
    servers.push(bare);
    const scenarios: Array<{ name: string; path: string; headers: Record<string, string> }> = [
      { name: 'feed (200)', path: '/feed.json', headers: {} },
      { name: 'feed (304)', path: '/feed.json', headers: { 'if-none-match': feed.headers.etag! } },
      { name: 'fact-check page (200)', path: factCheck.path, headers: {} },
    ];
    console.log(`${requests} requests, ${connections} connections, Accept-Encoding: ${browserAcceptEncoding}; feed ${feed.headers['content-encoding'] ?? 'identity'} ${Buffer.from(feed.body, 'base64').length} bytes`);
    for (const { name, path: urlPath, headers } of scenarios) {
      const all = { 'accept-encoding': browserAcceptEncoding, ...headers };
      const appUs = await microsecondsPerRequest(app, `${app.base}${urlPath}`, all);
      const bareUs = await microsecondsPerRequest(bare, `http://127.0.0.1:${bare.port}${urlPath}`, all);
      console.log(`${name.padEnd(24)} app ${appUs.toFixed(1).padStart(6)} µs  bare ${bareUs.toFixed(1).padStart(6)} µs  bare/app ${(bareUs / appUs).toFixed(2)}`);
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
