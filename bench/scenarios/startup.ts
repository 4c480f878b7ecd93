// Start-up of the built server on an embedded data dir that already exists (migrated and seeded):
// from spawn to the first 200 from /health, polled every 10 ms, with the RSS at that moment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../support/app';

export type StartupResult = { runs: number[]; medianMs: number; maxMs: number; rssMb: number[] };

export async function measureEmbeddedStartup(runs: number): Promise<StartupResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-tracker-startup-'));
  const env = { PGLITE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  try {
    await (await startApp(env)).stop(); // creates, migrates and seeds it; not counted
    const times: number[] = [];
    const rss: number[] = [];
    for (let run = 0; run < runs; run++) {
      const app = await startApp(env, { pollMs: 10 });
      times.push(app.startedInMs);
      rss.push(app.rssMb());
      await app.stop();
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { runs: times, medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted.at(-1)!, rssMb: rss };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
