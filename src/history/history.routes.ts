import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { allow, readers } from '../auth/authenticate';
import { findClaim } from '../claims/claims.service';
import { claimIdParam } from '../claims/claim-http';
import { decodeCursor, toPage, WholePageQuery } from '../http/pagination';
import { parseQuery } from '../http/validation';
import { presentEvent } from './history.presenter';
import { listHistory } from './history.service';

/** /claims/:id/history: every change, oldest first, paged by `limit` and `cursor`. */
export function historyRouter(db: DataSource): Router {
  const router = Router({ mergeParams: true });
  router.get('/', allow(...readers), async (req, res) => {
    const { limit, cursor } = await parseQuery(WholePageQuery, req.query);
    const after = decodeCursor(cursor);
    const claim = await findClaim(db, claimIdParam(req));
    const events = await listHistory(db.manager, claim.id, { limit, after });
    res.json(toPage(events.map((row) => ({ ...row, seq: row.event.seq })), limit, presentEvent));
  });
  return router;
}
