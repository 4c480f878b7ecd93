// npm run bench:data -- --claims 1000000 [--database claim_tracker_scale]
// Rebuilds a PostgreSQL database of its own with realistic synthetic claims (see support/scale-data.ts).
import { parseArgs } from 'node:util';
import { generateScaleData } from './support/scale-data';
import { duration } from './support/progress';

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '1000000' },
    database: { type: 'string', default: 'claim_tracker_scale' },
    seed: { type: 'string', default: '20261127' },
  },
});
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const claims = Number(values.claims);
if (!Number.isInteger(claims) || claims < 1) throw new Error('--claims takes a whole number of claims');
// The database is dropped and recreated: only names made for benchmarks are accepted.
if (!/^claim_tracker_(scale|bench)\w*$/.test(values.database)) throw new Error('--database must start with claim_tracker_scale or claim_tracker_bench');

generateScaleData(adminUrl, values.database, claims, { seed: Number(values.seed) })
  .then((result) => {
    const rows = Object.entries(result.rows).map(([table, count]) => `${table} ${count.toLocaleString('en')}`).join(', ');
    console.log(`${values.database}: ${result.totalRows.toLocaleString('en')} rows (${rows})`);
    console.log(
      `in ${duration(result.seconds)}: ${Math.round(result.totalRows / result.seconds).toLocaleString('en')} rows/s overall, ` +
        `${Math.round(result.totalRows / result.loadSeconds).toLocaleString('en')} rows/s while loading (indexes rebuilt in ${duration(result.seconds - result.loadSeconds)} more)`,
    );
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
