import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { notFound } from '../errors/problem';
import { isUuid } from '../http/ids';
import { toCached, type PublicCache, type Rendered } from '../public-cache/public-cache';
import { cachedRoute } from '../public-cache/cached-route';
import { sendCached } from '../public-cache/send-cached';
import { buildClaimReview } from './claim-review';
import { presentFactCheck } from './fact-check.presenter';
import { findFactCheck } from './fact-checks.service';
import type { Site } from './site';

const formats = {
  json: { contentType: 'application/json', render: presentFactCheck },
  ld: { contentType: 'application/ld+json', render: buildClaimReview },
};

/**
 * GET /fact-checks/:id: the published fact-check as JSON, or its ClaimReview alone for
 * Accept: application/ld+json. Unpublished and unknown ids answer the same 404, so drafts cannot be probed.
 */
export function factCheckRoute(db: DataSource, cache: PublicCache, siteFor: (req: Request) => Site): RequestHandler {
  const formatOf = (req: Request) => (req.accepts(['application/json', 'application/ld+json']) === 'application/ld+json' ? 'ld' : 'json');
  // A 404 is rendered but never kept (see PublicCache.get): made-up ids cannot push real pages out.
  const keyOf = (req: Request) => `${siteFor(req).baseUrl}|fact-check|${req.params.id}|${formatOf(req)}`;
  return cachedRoute(cache, keyOf, async (req): Promise<Rendered> => {
    const id = req.params.id as string;
    const factCheck = isUuid(id) ? await findFactCheck(db.manager, id.toLowerCase()) : undefined;
    if (!factCheck) return notFoundPage(id);
    const { contentType, render } = formats[formatOf(req)];
    return { status: 200, contentType, body: JSON.stringify(render(factCheck, siteFor(req))), lastModified: factCheck.claim.lastPublishedAt! };
  });
}

/**
 * `/fact-checks/%ZZ`: the router could not decode the id. It names nothing: the same 404 as any
 * unknown id. Mounted on `/fact-checks` after the route (an undecodable path skips the route).
 */
export const undecodableFactCheckId: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof URIError)) return next(error);
  sendCached(req, res, toCached(notFoundPage(req.path.slice(1))));
};

const notFoundPage = (id: string): Rendered => ({
  status: 404,
  contentType: 'application/problem+json',
  body: JSON.stringify(notFound('published fact-check', id).toDocument()),
});
