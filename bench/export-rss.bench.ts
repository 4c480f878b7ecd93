// npx tsx bench/export-rss.bench.ts [--database claim_tracker_scale] (after npm run build and npm run bench:data)
// Streams the claim exports of the scale database from the built app and samples its RSS meanwhile.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/database/database';
import { createUser } from '../src/users/users.service';
import { startApp, withPeakRss } from './support/app';

const { values } = parseArgs({ options: { database: { type: 'string', default: 'claim_tracker_scale' } } });
const admin = new URL(process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
admin.pathname = `/${values.database}`;
const url = admin.toString();

async function download(base: string, token: string, file: string) {
  const started = process.hrtime.bigint();
  const response = await fetch(`${base}/api/v1/exports/${file}`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'identity' } });
  if (response.status !== 200) throw new Error(`${file}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 0x0a) lines++;
  }
  return { bytes, lines, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main() {
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  const count = (await db.dataSource.query<Array<{ count: string }>>('SELECT count(*) FROM claims'))[0]!.count;
  const { secret } = await createUser(db.dataSource.manager, { name: `bench-exporter-${Date.now()}`, role: 'editor' });
  await db.close();
  const app = await startApp({ DATABASE_URL: url, SEED_ON_START: 'false' });
  try {
    const results: Record<string, unknown> = { date: new Date().toISOString(), claims: Number(count), idleRssMb: Math.round(app.rssMb()) };
    for (const file of ['claims.csv', 'claims.jsonl']) {
      const { result, peakRssMb } = await withPeakRss(app, () => download(app.base, secret, file));
      results[file] = { ...result, mb: Math.round(result.bytes / 1024 ** 2), claimsPerSecond: Math.round(Number(count) / result.seconds), peakRssMb: Math.round(peakRssMb) };
      console.log(`${file}: ${Number(count).toLocaleString('en')} claims, ${(result.bytes / 1024 ** 2).toFixed(0)} MB in ${result.seconds.toFixed(1)} s, peak RSS ${peakRssMb.toFixed(0)} MB (idle ${results.idleRssMb} MB)`);
    }
    results.loadAverage = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results/export-rss.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
