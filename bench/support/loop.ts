import type { LoadResult } from './load';

/** One operation; resolves true when it succeeded. Thrown errors count as errors too. */
export type Operation = (worker: number) => Promise<boolean>;

/**
 * A bounded loop: `concurrency` workers run `operation` back to back for `seconds`, each timed with
 * the high-resolution clock, so latencies keep their fractions of a millisecond (autocannon rounds
 * to whole ones, too coarse for a 10 ms target).
 */
export async function runLoop(operation: Operation, { seconds, concurrency }: { seconds: number; concurrency: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        const ok = await operation(worker).catch(() => false);
        latencies.push(performance.now() - begun);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50: round(percentile(latencies, 0.5)),
    p99: round(percentile(latencies, 0.99)),
    errors,
    non2xx: 0,
    statusCodes: {},
  };
}

const percentile = (sorted: number[], share: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? NaN;
const round = (ms: number): number => Math.round(ms * 100) / 100;
