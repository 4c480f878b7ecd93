import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Server } from './processes';

const root = path.resolve(__dirname, '../..');

export type App = Server & { base: string; startedInMs: number; rssMb: () => number };

/**
 * The built app as in production (request logging on, its output going nowhere so nothing else pays
 * for it, the rate limiter set high rather than off), ready once /health answers 200.
 */
export async function startApp(env: Record<string, string>, { pollMs = 200, timeoutMs = 120_000, nodeArgs = [] as string[], appRoot = root } = {}): Promise<App> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, path.join(appRoot, 'dist/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'info',
      PUBLIC_RATE_LIMIT: '10000000',
      API_RATE_LIMIT: '10000000',
      PUBLIC_BASE_URL: 'https://factcheck.bench.test',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`the app on port ${port} exited by itself (code ${code}, signal ${signal})`);
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const up = await fetch(`${base}/health`).then((response) => response.ok, () => false);
    if (up) {
      return {
        child,
        port,
        base,
        startedInMs: Number(process.hrtime.bigint() - started) / 1e6,
        rssMb: () => rssMb(child.pid!),
        stop: () =>
          new Promise<void>((resolve) => {
            stopping = true;
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  child.kill('SIGKILL');
  throw new Error(`the app did not answer /health within ${timeoutMs} ms`);
}

/** Resident set size of a process, from /proc (0 where there is none). */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs `work` while sampling the app's RSS; answers the work's result and the peak RSS in MB. */
export async function withPeakRss<T>(app: App, work: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = app.rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, app.rssMb())), 250);
  try {
    const result = await work();
    return { result, peakRssMb: Math.max(peak, app.rssMb()) };
  } finally {
    clearInterval(timer);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
