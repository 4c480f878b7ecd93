import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { allow, readers } from '../auth/authenticate';
import { findClaim } from '../claims/claims.service';
import { claimIdParam } from '../claims/claim-http';
import { presentEvent } from './history.presenter';
import { listHistory } from './history.service';

/** /claims/:id/history: every change, oldest first. */
export function historyRouter(db: DataSource): Router {
  const router = Router({ mergeParams: true });
  router.get('/', allow(...readers), async (req, res) => {
    const claim = await findClaim(db, claimIdParam(req));
    res.json({ items: (await listHistory(db.manager, claim.id)).map(presentEvent) });
  });
  return router;
}
