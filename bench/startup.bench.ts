// npm run build && npx tsx bench/startup.bench.ts: the embedded start-up rows of `npm run bench` alone.
import { measureEmbeddedStartup, startupRows } from './scenarios/startup';

const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
void measureEmbeddedStartup(runs).then((result) => {
  for (const row of startupRows(result, runs)) {
    console.log(`${row.scenario}: median ${row.result.p50.toFixed(0)} ms, slowest ${row.result.p99.toFixed(0)} ms, RSS ${row.rssMb?.toFixed(0)} MB, ${row.target}: ${row.met ? 'met' : 'MISSED'}`);
  }
  console.log(JSON.stringify(result));
});
