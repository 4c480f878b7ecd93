import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, allow, readers } from '../auth/authenticate';
import { presentMyClaims } from './my-claims.presenter';
import { loadMyClaims } from './my-claims.service';

/** GET /me/claims: the caller's own open work, as the /my page shows it. */
export function myClaimsRouter(db: DataSource): Router {
  const router = Router();
  router.get('/', allow(...readers), async (req, res) => {
    res.json(presentMyClaims(await loadMyClaims(db, actorOf(req).id)));
  });
  return router;
}
