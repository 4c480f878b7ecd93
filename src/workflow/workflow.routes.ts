import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, allow, checkers } from '../auth/authenticate';
import { claimIdParam, withClaimEtag } from '../claims/claim-http';
import { presentClaim } from '../claims/claim.presenter';
import { loadSources } from '../claims/claims.service';
import { parseBody } from '../http/validation';
import { TransitionDto } from './transitions.dto';
import { transitionClaim } from './workflow.service';

/** /claims/:id/transitions: the only way a claim's status changes. */
export function workflowRouter(db: DataSource): Router {
  const router = Router({ mergeParams: true });
  router.post('/', allow(...checkers), async (req, res) => {
    const claimId = claimIdParam(req);
    const input = await parseBody(TransitionDto, req.body);
    const { claim } = await transitionClaim(db, claimId, req.get('If-Match'), actorOf(req), input);
    withClaimEtag(res, claim).json(presentClaim({ claim, sources: await loadSources(db.manager, claim.id) }));
  });
  return router;
}
