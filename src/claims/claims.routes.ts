import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { requireId } from '../http/ids';
import { toPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validation';
import { presentClaim } from './claim.presenter';
import { CreateClaimDto, ListClaimsQuery, UpdateClaimDto } from './claims.dto';
import { createClaim, getClaim, listClaims, updateClaim } from './claims.service';

/** Claims are created under their article: POST /articles/:id/claims. */
export function articleClaimsRouter(db: DataSource): Router {
  const router = Router({ mergeParams: true });
  router.post('/', async (req, res) => {
    const articleId = requireId((req.params as { id?: string }).id, 'article');
    const created = await createClaim(db, articleId, await parseBody(CreateClaimDto, req.body));
    res.status(201).location(`/api/v1/claims/${created.claim.id}`).json(presentClaim(created));
  });
  return router;
}

export function claimsRouter(db: DataSource): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = await parseQuery(ListClaimsQuery, req.query);
    const rows = await listClaims(db, query);
    res.json(toPage(rows.map((row) => ({ ...row, seq: row.claim.seq })), query.limit, presentClaim));
  });

  router.get('/:id', async (req, res) => {
    res.json(presentClaim(await getClaim(db, requireId(req.params.id, 'claim'))));
  });

  router.patch('/:id', async (req, res) => {
    const id = requireId(req.params.id, 'claim');
    res.json(presentClaim(await updateClaim(db, id, await parseBody(UpdateClaimDto, req.body))));
  });

  return router;
}
