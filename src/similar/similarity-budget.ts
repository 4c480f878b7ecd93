import type { DataSource, EntityManager } from 'typeorm';
import type { DatabaseKind } from '../database/database';
import { Problem } from '../errors/problem';

export type SimilarityBudget = Readonly<{
  /** Longest a similarity query may run on PostgreSQL (statement_timeout); PGlite has no timeout to give. */
  timeoutMs: number;
  /** Similarity queries one instance runs at once; one more is refused at once rather than queued. */
  concurrency: number;
}>;

const queryCanceled = '57014';

const busy = (detail: string) => new Problem('similarity-busy', detail);

/**
 * Runs trigram similarity work within a budget. On a large table a broad wording touches every claim
 * that shares its common trigrams (seconds at 1 M claims), and the public search takes any text: so
 * each query is cut off after `timeoutMs` on PostgreSQL, and at most `concurrency` run at once, which
 * also bounds the embedded database, where the one connection would otherwise queue everyone behind them.
 */
export function similarityGate(db: DataSource, kind: DatabaseKind, budget: SimilarityBudget) {
  let running = 0;
  const postgres = kind === 'postgres';
  return async function withinBudget<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (running >= budget.concurrency) throw busy(`${budget.concurrency} similarity searches are running already; try again in a moment.`);
    running += 1;
    try {
      if (!postgres) return await work(db.manager);
      return await db.transaction(async (manager) => {
        await manager.query(`SET LOCAL statement_timeout = ${Math.trunc(budget.timeoutMs)}`);
        return work(manager);
      });
    } catch (error) {
      if ((error as { driverError?: { code?: unknown } }).driverError?.code === queryCanceled) {
        throw busy(`The similarity search took longer than ${budget.timeoutMs} ms and was stopped; try more specific words, or again later.`);
      }
      throw error;
    } finally {
      running -= 1;
    }
  };
}

export type WithinSimilarityBudget = ReturnType<typeof similarityGate>;

