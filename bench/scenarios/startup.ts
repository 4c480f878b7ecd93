// Start-up of the built server on the embedded database: from spawn to the first 200 from /health,
// polled every 10 ms, with the RSS at that moment. First starts each get a new data dir (the install
// template copied, the seed imported); later starts reopen one that exists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../support/app';
import type { BenchRow } from '../support/report';

export type StartupRuns = { runs: number[]; medianMs: number; maxMs: number; rssMb: number[] };
export type StartupResult = { first: StartupRuns; later: StartupRuns };

export async function measureEmbeddedStartup(runs: number): Promise<StartupResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-tracker-startup-'));
  const env = (dir: string) => ({ PGLITE_DATA_DIR: path.join(root, dir), LOG_LEVEL: 'warn' });
  try {
    const first = await timeStarts(runs, (run) => env(`fresh-${run}`));
    const later = await timeStarts(runs, () => env('fresh-0'));
    return { first, later };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function timeStarts(runs: number, envFor: (run: number) => Record<string, string>): Promise<StartupRuns> {
  const times: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < runs; run++) {
    const app = await startApp(envFor(run), { pollMs: 10 });
    times.push(app.startedInMs);
    rss.push(app.rssMb());
    await app.stop();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times, medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted.at(-1)!, rssMb: rss };
}

/** The two rows of the benchmark table: targets on the median time and the highest RSS. */
export function startupRows({ first, later }: StartupResult, runs: number): BenchRow[] {
  const row = (scenario: string, measured: StartupRuns, ms: number, mb: number): BenchRow => {
    const rssMb = Math.max(...measured.rssMb);
    return {
      scenario: `${scenario} (median of ${runs}; p99 column = slowest)`,
      unit: 'ms' as const,
      result: { requestsPerSecond: NaN, p50: measured.medianMs, p99: measured.maxMs, errors: 0, non2xx: 0, statusCodes: {} },
      target: `≤ ${ms} ms, RSS ≤ ${mb} MB`,
      met: measured.medianMs <= ms && rssMb <= mb,
      rssMb,
    };
  };
  return [
    row('embedded first start on a new data dir (template copied, seed imported)', first, 5000, 300),
    row('embedded start-up on an existing data dir', later, 1500, 250),
  ];
}
