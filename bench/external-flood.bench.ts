// npx tsx bench/external-flood.bench.ts [--database claim_tracker_scale] [--reviews 200000]: imported fact-checks
// in matching when a partner's feed holds a flood of reviews of one template. Adds the reviews (removed at the end),
// then times findExternalMatches for a wording like the template's against one like none of them, in the same run.
// Target: p99 ≤ 50 ms, the template's within 2× the unrelated one's (a common key costs no more than a rare one).
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/database/database';
import { findExternalMatches } from '../src/similar/external-matches';
import { normaliseWording } from '../src/similar/wording';
import { wordingBandKeysLiteral } from '../src/similar/wording-bands';
import { percentile } from './support/loop';

const { values } = parseArgs({ options: { database: { type: 'string', default: 'claim_tracker_scale' }, reviews: { type: 'string', default: '200000' }, runs: { type: 'string', default: '300' } } });
const admin = new URL(process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
admin.pathname = `/${values.database}`;
const prefix = `https://flood.bench.example/${Date.now()}/`;
const template = (n: number) => `The minister said unemployment fell by ${n % 7} percent last year in the province`;

async function main(): Promise<void> {
  const db = await openDatabase({ kind: 'postgres', url: admin.toString(), poolSize: 2 });
  const manager = db.dataSource.manager;
  const total = Number(values.reviews);
  try {
    const started = performance.now();
    for (let start = 0; start < total; start += 10_000) {
      const count = Math.min(10_000, total - start);
      const claims = Array.from({ length: count }, (_, index) => template(start + index));
      const wordings = claims.map(normaliseWording);
      await manager.query(
        `INSERT INTO external_fact_checks (url, claim_reviewed, wording, wording_bands)
         SELECT u, c, w, b::bigint[] FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS f(u, c, w, b)`,
        [claims.map((_, index) => `${prefix}${start + index}`), claims, wordings, wordings.map(wordingBandKeysLiteral)],
      );
    }
    console.log(`${total.toLocaleString('en')} reviews of one template added in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await manager.query('ANALYZE external_fact_checks; ANALYZE external_wording_bands');
    console.log('| wording | runs | p50 ms | p99 ms | matches |');
    console.log('| --- | --- | --- | --- | --- |');
    const p99s: number[] = [];
    for (const [label, text] of [
      ['like the template', 'The minister said unemployment fell by 3 percent last year'],
      ['like none of them', 'Vaccines sold at the night market contain tracking microchips'],
    ] as const) {
      const wording = normaliseWording(text);
      const times: number[] = [];
      let matches = 0;
      for (let run = 0; run < Number(values.runs); run += 1) {
        const at = performance.now();
        matches = (await findExternalMatches(manager, wording)).length;
        times.push(performance.now() - at);
      }
      times.sort((a, b) => a - b);
      p99s.push(percentile(times, 0.99));
      console.log(`| ${label} | ${times.length} | ${percentile(times, 0.5).toFixed(2)} | ${percentile(times, 0.99).toFixed(2)} | ${matches} |`);
    }
    const [flood, rare] = p99s as [number, number];
    console.log(`template p99 / unrelated p99: ${(flood / rare).toFixed(2)} (target ≤ 2), template p99 ${flood.toFixed(1)} ms (target ≤ 50): ${flood <= 50 && flood / rare <= 2 ? 'met' : 'MISSED'}`);
  } finally {
    await manager.query(`DELETE FROM external_fact_checks WHERE url LIKE $1`, [`${prefix}%`]);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
