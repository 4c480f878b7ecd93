import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { allow, readers } from '../auth/authenticate';
import { claimIdParam } from '../claims/claim-http';
import { findClaim } from '../claims/claims.service';
import { parseQuery } from '../http/validation';
import { findExternalMatches } from './external-matches';
import { presentExternalMatch, presentSimilar } from './similar.presenter';
import { claimWording, findSimilarClaims } from './similar.service';
import type { WithinSimilarityBudget } from './similarity-budget';

export const defaultSimilarLimit = 10;

export class SimilarQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit: number = defaultSimilarLimit;
}

/** /claims/:id/similar: earlier claims and published fact-checks worded like this one, best first; imported fact-checks apart. */
export function similarRouter(db: DataSource, withinBudget: WithinSimilarityBudget): Router {
  const router = Router({ mergeParams: true });
  router.get('/', allow(...readers), async (req, res) => {
    const { limit } = await parseQuery(SimilarQuery, req.query);
    const claim = await findClaim(db, claimIdParam(req));
    const { items, external } = await withinBudget(async (manager) => ({
      items: await findSimilarClaims(manager, claim, limit),
      external: await findExternalMatches(manager, await claimWording(manager, claim.id)),
    }));
    res.json({ items: items.map(presentSimilar), external: external.map(presentExternalMatch) });
  });
  return router;
}
