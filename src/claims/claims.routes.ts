import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, allow, checkers, readers } from '../auth/authenticate';
import { CreateClaimFromCandidateDto } from '../candidates/candidates.dto';
import { createClaimFromCandidate } from '../candidates/candidates.service';
import { requireId } from '../http/ids';
import { toPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validation';
import { claimIdParam, withClaimEtag } from './claim-http';
import { presentClaim } from './claim.presenter';
import { CreateClaimDto, ListClaimsQuery, UpdateClaimDto } from './claims.dto';
import { createClaim, getClaim, listClaims, updateClaim } from './claims.service';
import { presentSimilar } from '../similar/similar.presenter';
import { findSimilarClaims } from '../similar/similar.service';
import type { WithinSimilarityBudget } from '../similar/similarity-budget';
import { Problem } from '../errors/problem';

const similarOnCreate = 5;

const fromCandidate = (body: unknown): boolean => typeof body === 'object' && body !== null && 'fromCandidate' in body;

/** Claims are created under their article: POST /articles/:id/claims, from a quote or from a candidate. */
export function articleClaimsRouter(db: DataSource, withinSimilarityBudget: WithinSimilarityBudget): Router {
  const router = Router({ mergeParams: true });
  router.post('/', allow(...checkers), async (req, res) => {
    const articleId = requireId((req.params as { id?: unknown }).id, 'article');
    const created = fromCandidate(req.body)
      ? await createClaimFromCandidate(db, articleId, actorOf(req), await parseBody(CreateClaimFromCandidateDto, req.body))
      : await createClaim(db, articleId, actorOf(req), await parseBody(CreateClaimDto, req.body));
    // What the desk may already have checked: a repeat is answered with the earlier fact-check (matchOf).
    // The claim is stored either way: when the search is busy or too slow, `similar` is null (GET …/similar later).
    const similar = await withinSimilarityBudget((manager) => findSimilarClaims(manager, created.claim, similarOnCreate)).then(
      (rows) => rows.map(presentSimilar),
      (error: unknown) => {
        if (error instanceof Problem && error.slug === 'similarity-busy') return null;
        throw error;
      },
    );
    withClaimEtag(res, created.claim).status(201).location(`/api/v1/claims/${created.claim.id}`).json({ ...presentClaim(created), similar });
  });
  return router;
}

export function claimsRouter(db: DataSource): Router {
  const router = Router();

  router.get('/', allow(...readers), async (req, res) => {
    const query = await parseQuery(ListClaimsQuery, req.query);
    const rows = await listClaims(db, query);
    res.json(toPage(rows.map((row) => ({ ...row, seq: row.claim.seq })), query.limit, presentClaim));
  });

  router.get('/:id', allow(...readers), async (req, res) => {
    const found = await getClaim(db, claimIdParam(req));
    withClaimEtag(res, found.claim).json(presentClaim(found));
  });

  /** Needs If-Match: the claim's ETag as last read. */
  router.patch('/:id', allow(...checkers), async (req, res) => {
    const input = await parseBody(UpdateClaimDto, req.body);
    const updated = await updateClaim(db, claimIdParam(req), req.get('If-Match'), actorOf(req), input);
    withClaimEtag(res, updated.claim).json(presentClaim(updated));
  });

  return router;
}
