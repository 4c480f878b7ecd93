import { Router, type ErrorRequestHandler, type Request } from 'express';
import type { DataSource } from 'typeorm';
import { notFound } from '../errors/problem';
import { isUuid } from '../http/ids';
import type { PublicCache, Rendered } from '../public-cache/public-cache';
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
export function factChecksRouter(db: DataSource, cache: PublicCache, siteFor: (req: Request) => Site): Router {
  const router = Router();
  router.get('/:id', async (req, res) => {
    const site = siteFor(req);
    const format = req.accepts(['application/json', 'application/ld+json']) === 'application/ld+json' ? 'ld' : 'json';
    const id = req.params.id;
    // A 404 is rendered but never kept (see PublicCache.get): made-up ids cannot push real pages out.
    const cached = await cache.get(`${site.baseUrl}|fact-check|${id}|${format}`, async (): Promise<Rendered> => {
      const factCheck = isUuid(id) ? await findFactCheck(db.manager, id.toLowerCase()) : undefined;
      if (!factCheck) return notFoundPage(id);
      const { contentType, render } = formats[format];
      return { status: 200, contentType, body: JSON.stringify(render(factCheck, site)), lastModified: factCheck.claim.lastPublishedAt! };
    });
    sendCached(req, res, cached);
  });
  // `/fact-checks/%ZZ`: the router could not decode the id. It names nothing: the same 404 as any unknown id.
  const undecodableId: ErrorRequestHandler = (error, req, res, next) => {
    if (!(error instanceof URIError)) return next(error);
    const page = notFoundPage(req.path.slice(1));
    sendCached(req, res, { ...page, body: Buffer.from(page.body), etag: '', lastModified: undefined });
  };
  router.use(undecodableId);
  return router;
}

const notFoundPage = (id: string): Rendered => ({
  status: 404,
  contentType: 'application/problem+json',
  body: JSON.stringify(notFound('published fact-check', id).toDocument()),
});
