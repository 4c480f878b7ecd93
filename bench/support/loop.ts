import type { LoadResult } from './load';

/** One operation; resolves true when it succeeded. Thrown errors count as errors too. */
export type Operation = (worker: number) => Promise<boolean>;

/**
 * A bounded loop: `concurrency` workers run `operation` back to back for `seconds`, each timed with
 * the high-resolution clock, so latencies keep their fractions of a millisecond (autocannon rounds
 * to whole ones, too coarse for a 10 ms target).
 */
export async function runLoop(operation: Operation, options: { seconds: number; concurrency: number }): Promise<LoadResult> {
  const sample = await sampleLoop(operation, options);
  return summarise(sample.latencies, sample.errors, sample.seconds);
}

type Sample = { latencies: number[]; errors: number; seconds: number };

/**
 * Several targets measured in turns (`rounds` slices each, alternating), so that a busy neighbour
 * slows them alike and their ratio still means something on a shared machine.
 */
export async function runInterleaved(operations: Operation[], { seconds, concurrency, rounds = 5 }: { seconds: number; concurrency: number; rounds?: number }): Promise<LoadResult[]> {
  const samples: Sample[] = operations.map(() => ({ latencies: [], errors: 0, seconds: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [index, operation] of operations.entries()) {
      const slice = await sampleLoop(operation, { seconds: seconds / rounds, concurrency });
      const total = samples[index]!;
      total.latencies.push(...slice.latencies);
      total.errors += slice.errors;
      total.seconds += slice.seconds;
    }
  }
  return samples.map((sample) => summarise(sample.latencies, sample.errors, sample.seconds));
}

async function sampleLoop(operation: Operation, { seconds, concurrency }: { seconds: number; concurrency: number }): Promise<Sample> {
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
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

function summarise(latencies: number[], errors: number, elapsed: number): LoadResult {
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

export const percentile = (sorted: number[], share: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? NaN;
const round = (ms: number): number => Math.round(ms * 100) / 100;
