import { keptRuns } from '../src/articles/reanchor';

/**
 * What re-anchoring costs on the largest body an article may have (400,000 characters): the word diff
 * of old and new body (keptRuns), median and slowest of 5 runs per kind of edit. `npx tsx bench/reanchor.bench.ts`.
 */
function words(count: number, seed: number): string {
  let state = seed;
  const out: string[] = [];
  for (let index = 0; index < count; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(`w${state % 5000}`);
  }
  return `${out.join(' ')}.`;
}

const body = words(60_000, 1).slice(0, 399_000);
const edits: Record<string, string> = {
  'one word edited in the middle': `${body.slice(0, 200_000)}EDIT${body.slice(200_004)}`,
  '100 scattered edits': Array.from({ length: 100 }, (_, i) => `${body.slice(i * 3990, i * 3990 + 3980)}XXXXXXXXXX`).join(''),
  'a 10,000-character lede inserted': words(2000, 7) + body,
  'rewritten entirely (the diff gives up)': words(60_000, 99).slice(0, 399_000),
};
for (const [label, revised] of Object.entries(edits)) {
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = process.hrtime.bigint();
    keptRuns(body, revised);
    runs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label}: median ${runs[2]!.toFixed(0)} ms, slowest ${runs[4]!.toFixed(0)} ms`);
}
