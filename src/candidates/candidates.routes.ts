import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, allow, readers } from '../auth/authenticate';
import { requireId } from '../http/ids';
import { parseQuery } from '../http/validation';
import { presentCandidate } from './candidate.presenter';
import { CandidatesQuery } from './candidates.dto';
import { listCandidates } from './candidates.service';

/** GET /articles/:id/candidates: sentences worth checking, in text order. */
export function articleCandidatesRouter(db: DataSource): Router {
  const router = Router({ mergeParams: true });
  router.get('/', allow(...readers), async (req, res) => {
    const articleId = requireId((req.params as { id?: unknown }).id, 'article');
    const { minScore } = await parseQuery(CandidatesQuery, req.query);
    res.json({ items: (await listCandidates(db, articleId, actorOf(req), minScore)).map(presentCandidate) });
  });
  return router;
}
