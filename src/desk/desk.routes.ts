import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { allow, editorial } from '../auth/authenticate';
import { parseQuery } from '../http/validation';
import { presentDesk } from './desk.presenter';
import { DeskQuery } from './desk.dto';
import { loadDesk } from './desk.service';

/** GET /desk: the editors' overview: review queue, work in progress, stale claims, today's verdicts. */
export function deskRouter(db: DataSource): Router {
  const router = Router();
  router.get('/', allow(...editorial), async (req, res) => {
    const query = await parseQuery(DeskQuery, req.query);
    res.json(presentDesk(await loadDesk(db, query), query.limit));
  });
  return router;
}
