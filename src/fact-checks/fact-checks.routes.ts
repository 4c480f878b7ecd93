import type { ErrorRequestHandler, Request } from 'express';
import type { DataSource } from 'typeorm';
import { notFound } from '../errors/problem';
import { isUuid } from '../http/ids';
import { toCached, type Rendered } from '../public-cache/public-cache';
import { cachedPage } from '../public-cache/cached-route';
import { publicQuery } from '../public-cache/public-query';
import { sendCached, varyHeader } from '../public-cache/send-cached';
import { buildClaimReview } from './claim-review';
import { presentFactCheck } from './fact-check.presenter';
import { findFactCheck, lastChangeOf } from './fact-checks.service';
import type { Site } from './site';

/** The format is negotiated on Accept, so the page varies on it. */
const varyOn = ['Accept'];

const formats = {
  json: { contentType: 'application/json', render: presentFactCheck },
  ld: { contentType: 'application/ld+json', render: buildClaimReview },
};

/**
 * GET /fact-checks/:id: the published fact-check as JSON, or its ClaimReview alone for
 * Accept: application/ld+json. Unpublished and unknown ids answer the same 404, so drafts cannot be probed.
 */
export function factCheckPage(db: DataSource, siteFor: (req: Request) => Site) {
  // Clients send a handful of Accept values: each is negotiated once (bounded, made-up ones each time).
  const formatsByAccept = new Map<string, keyof typeof formats>();
  const formatOf = (req: Request): keyof typeof formats => {
    const accept = req.headers.accept ?? '';
    let format = formatsByAccept.get(accept);
    if (format) return format;
    format = req.accepts(['application/json', 'application/ld+json']) === 'application/ld+json' ? 'ld' : 'json';
    if (formatsByAccept.size < 256 && accept.length <= 256) formatsByAccept.set(accept, format);
    return format;
  };
  // The page takes no query, so `?anything` is refused rather than made a page of its own. The id is
  // lower-cased: an upper-case UUID names the same fact-check, so it is the same entry. A 404 is
  // rendered but never kept (see toCached): made-up ids cannot push real pages out.
  const read = (req: Request) => {
    publicQuery(req, []);
    const sent = req.params.id as string;
    const id = sent.toLowerCase();
    const site = siteFor(req);
    const format = formatOf(req);
    return { key: `${site.baseUrl}|fact-check|${id}|${format}`, id, sent, site, format };
  };
  return cachedPage(read, async ({ id, sent, site, format }): Promise<Rendered> => {
    const factCheck = isUuid(id) ? await findFactCheck(db.manager, id) : undefined;
    if (!factCheck) return notFoundPage(sent);
    const { contentType, render } = formats[format];
    return { status: 200, contentType, body: JSON.stringify(render(factCheck, site)), lastModified: lastChangeOf(factCheck) };
  }, varyOn);
}

/**
 * `/fact-checks/%ZZ`: the router could not decode the id. It names nothing: the same 404 as any
 * unknown id. Mounted on `/fact-checks` after the route (an undecodable path skips the route).
 */
export const undecodableFactCheckId: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof URIError)) return next(error);
  sendCached(req, res, toCached(notFoundPage(req.path.slice(1))), varyHeader(varyOn));
};

const notFoundPage = (id: string): Rendered => ({
  status: 404,
  contentType: 'application/problem+json',
  body: JSON.stringify(notFound('published fact-check', id).toDocument()),
});
