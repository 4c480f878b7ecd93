import { Router } from 'express';
import type { Database } from '../database/database';
import { Problem } from '../errors/problem';

const probeTimeoutMs = 2_000;

/** 200 with the database kind while a query gets through; 503 when it does not, in time. */
export function healthRouter(db: Database): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const reachable = await Promise.race([
      db.dataSource.isInitialized ? db.dataSource.query('SELECT 1').then(() => true, () => false) : Promise.resolve(false),
      new Promise<false>((resolve) => setTimeout(resolve, probeTimeoutMs, false).unref()),
    ]);
    if (!reachable) throw new Problem('database-unavailable', `The ${db.kind} database did not answer.`);
    res.json({ status: 'ok', database: db.kind });
  });
  return router;
}
