import assert from 'node:assert/strict';
import fc from 'fast-check';
import { errorLevel } from '../support/log-capture';
import { caseArb, oddQueryCaseArb } from './cases';
import { runCase } from './run-case';
import type { World } from './world';

export type FuzzStats = {
  seed: number;
  requests: number;
  byRoute: Map<string, Map<number, number>>;
  byStatus: Map<number, number>;
  byPayload: Map<string, number>;
  /** Strings sent in accepted writes and found stored byte for byte. */
  textsCompared: number;
  durationMs: number;
};

/** The seed: FUZZ_SEED to replay a run, else a new one (always printed). */
export const seedFromEnv = (fallback?: number): number =>
  process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (fallback ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0);

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Sends `numRuns` generated requests, one at a time, and checks each. A failure is shrunk by
 * fast-check to a smaller request and thrown with the seed that replays it.
 */
export async function runFuzz(
  world: World,
  { numRuns, seed, cases = 'any' }: { numRuns: number; seed: number; cases?: 'any' | 'odd-query' },
): Promise<FuzzStats> {
  const stats: FuzzStats = { seed, requests: 0, byRoute: new Map(), byStatus: new Map(), byPayload: new Map(), textsCompared: 0, durationMs: 0 };
  const started = performance.now();
  const arbitrary = (cases === 'any' ? caseArb : oddQueryCaseArb)(world.operations, world.resolve, world.bodyLimitBytes);
  const property = fc.asyncProperty(arbitrary, async (c) => {
    const loggedBefore = world.log.lines().length;
    const outcome = await runCase(world, c);
    const errors = world.log.lines().slice(loggedBefore).filter((line) => line.level >= errorLevel);
    assert.deepEqual(errors, [], `${c.operation}: bad input is the client's problem, never an error-level log line`);
    stats.requests++;
    if (!stats.byRoute.has(outcome.route)) stats.byRoute.set(outcome.route, new Map());
    bump(stats.byRoute.get(outcome.route)!, outcome.status);
    bump(stats.byStatus, outcome.status);
    bump(stats.byPayload, outcome.label);
    stats.textsCompared += outcome.checkedText;
  });
  const details = await fc.check(property, { numRuns, seed, maxSkipsPerRun: 0, endOnFailure: process.env.FUZZ_SHRINK === '0' });
  stats.durationMs = performance.now() - started;
  if (details.failed) {
    throw new Error(
      `fuzz: a property failed (seed ${seed}, path ${details.counterexamplePath}; replay with FUZZ_SEED=${seed}):\n${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`,
    );
  }
  return stats;
}

export function report(stats: FuzzStats): string {
  const statuses = [...stats.byStatus.keys()].sort((a, b) => a - b);
  const lines = [
    `fuzz: ${stats.requests} requests in ${(stats.durationMs / 1000).toFixed(1)} s, seed ${stats.seed}; ${stats.textsCompared} accepted strings read back byte for byte`,
    `by status: ${statuses.map((status) => `${status} ×${stats.byStatus.get(status)}`).join(', ')}`,
    `by body: ${[...stats.byPayload].sort((a, b) => b[1] - a[1]).map(([label, n]) => `${label} ×${n}`).join(', ')}`,
    'by route:',
    ...[...stats.byRoute]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, counts]) => `  ${route.padEnd(72)} ${[...counts].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`),
  ];
  return lines.join('\n');
}
