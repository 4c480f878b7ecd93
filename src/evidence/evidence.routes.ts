import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, allow, checkers, readers } from '../auth/authenticate';
import { claimIdParam, withClaimEtag } from '../claims/claim-http';
import { findClaim } from '../claims/claims.service';
import { requireId } from '../http/ids';
import { decodeCursor, toPage, WholePageQuery } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validation';
import { AddEvidenceDto, RetractEvidenceDto } from './evidence.dto';
import { presentEvidence } from './evidence.presenter';
import { addEvidence, listEvidence, retractEvidence } from './evidence.service';

/** /claims/:id/evidence */
export function evidenceRouter(db: DataSource, maxPerClaim: number): Router {
  const router = Router({ mergeParams: true });

  router.get('/', allow(...readers), async (req, res) => {
    const { limit, cursor } = await parseQuery(WholePageQuery, req.query);
    const after = decodeCursor(cursor);
    const claim = await findClaim(db, claimIdParam(req));
    withClaimEtag(res, claim).json(toPage(await listEvidence(db.manager, claim.id, { limit, after }), limit, presentEvidence));
  });

  router.post('/', allow(...checkers), async (req, res) => {
    const input = await parseBody(AddEvidenceDto, req.body);
    const { claim, result } = await addEvidence(db, claimIdParam(req), req.get('If-Match'), actorOf(req), input, maxPerClaim);
    withClaimEtag(res, claim).status(201).json(presentEvidence(result));
  });

  router.post('/:evidenceId/retraction', allow(...checkers), async (req, res) => {
    const { reason } = await parseBody(RetractEvidenceDto, req.body);
    const evidenceId = requireId(req.params.evidenceId, 'evidence');
    const { claim, result } = await retractEvidence(db, claimIdParam(req), evidenceId, req.get('If-Match'), actorOf(req), reason);
    withClaimEtag(res, claim).json(presentEvidence(result));
  });

  return router;
}
