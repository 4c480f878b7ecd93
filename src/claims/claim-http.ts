import type { Request, Response } from 'express';
import { requireId } from '../http/ids';
import { claimEtag } from './claim-command';
import type { Claim } from './claim.entity';

/** Every response that carries a claim's state carries its ETag, for the next If-Match. */
export const withClaimEtag = (res: Response, claim: Pick<Claim, 'version'>): Response => res.setHeader('ETag', claimEtag(claim));

/** The claim id of /claims/:id/... routes (routers nested with mergeParams). */
export const claimIdParam = (req: Request): string => requireId((req.params as { id?: unknown }).id, 'claim');
