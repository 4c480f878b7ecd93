import type { ErrorRequestHandler, Request } from 'express';
import type { DataSource } from 'typeorm';
import { notFound } from '../errors/problem';
import { isUuid } from '../http/ids';
import { toCached, type Rendered } from '../public-cache/public-cache';
import { cachedPage, type CachedPage } from '../public-cache/cached-route';
import { publicQuery } from '../public-cache/public-query';
import { sendCached, varyHeader } from '../public-cache/send-cached';
import type { Config } from '../config/config';
import { buildClaimReview } from './claim-review';
import { presentFactCheck } from './fact-check.presenter';
import { factCheckNotFoundHtml, renderFactCheckHtml } from './fact-checks.pages';
import { findFactCheck, lastChangeOf } from './fact-checks.service';
import { htmlVaryOn, isHtml, languageOf, pageLanguage, publicPageKey, type Representation } from './representation';
import { factCheckPath, type Site } from './site';

/** The format is negotiated on Accept, so the page varies on it; the HTML page's language on the cookie and Accept-Language. */
const varyOn = ['Accept'];
const jsonVary = varyHeader(varyOn);
const htmlVary = varyHeader([...varyOn, ...htmlVaryOn]);

const formats = {
  json: { contentType: 'application/json', render: presentFactCheck },
  ld: { contentType: 'application/ld+json', render: buildClaimReview },
};

type Format = keyof typeof formats | 'html';
const offered = ['application/json', 'application/ld+json', 'text/html'];
const formatOfType: Record<string, Format> = { 'application/json': 'json', 'application/ld+json': 'ld', 'text/html': 'html' };

/** Clients send a handful of Accept values: each is negotiated once (bounded, made-up ones each time). */
const formatsByAccept = new Map<string, Format>();
function formatOf(req: Request): Format {
  const accept = req.headers.accept ?? '';
  let format = formatsByAccept.get(accept);
  if (format) return format;
  // JSON when anything goes (`*/*`, or nothing offered is acceptable): the first offered.
  const chosen = req.accepts(offered);
  format = (chosen && formatOfType[chosen]) || 'json';
  if (formatsByAccept.size < 256 && accept.length <= 256) formatsByAccept.set(accept, format);
  return format;
}

type FactCheckRead = { key: string; vary: string; id: string; sent: string; site: Site; representation: Representation };

/** The representation a request gets: the format, and for a page its language. */
export function factCheckRepresentation(req: Request): Representation {
  const format = formatOf(req);
  return format === 'html' ? `html:${pageLanguage(req)}` : format;
}

/** The public cache's key of one fact-check in one representation (the id lower-cased, as the route reads it). */
export const factCheckKey = (site: Site, id: string, representation: Representation): string =>
  publicPageKey(site, factCheckPath(id.toLowerCase()), representation);

/**
 * GET /fact-checks/:id: the published fact-check as JSON, its ClaimReview alone for Accept:
 * application/ld+json, or its page for Accept: text/html. Unpublished and unknown ids answer the same
 * 404 (a page for HTML), so drafts cannot be probed.
 */
export function factCheckPage(db: DataSource, siteFor: (req: Request) => Site, config: Config): CachedPage<FactCheckRead> {
  // The route takes no query: JSON refuses `?anything`, the page for people ignores it (a shared link's
  // tracking parameters); either way it is never a page of its own. The id is lower-cased: an upper-case
  // UUID names the same fact-check, so it is the same entry. A 404 is rendered but never kept (see
  // toCached): made-up ids cannot push real pages out.
  const read = (req: Request): FactCheckRead => {
    const representation = factCheckRepresentation(req);
    publicQuery(req, [], { forPeople: isHtml(representation) });
    const sent = req.params.id as string;
    const id = sent.toLowerCase();
    const site = siteFor(req);
    return { key: factCheckKey(site, id, representation), vary: isHtml(representation) ? htmlVary : jsonVary, id, sent, site, representation };
  };
  return cachedPage(read, async ({ id, sent, site, representation }): Promise<Rendered> => {
    if (isHtml(representation)) {
      const lang = languageOf(representation);
      return (isUuid(id) && (await renderFactCheckHtml(db, id, site, lang, config))) || factCheckNotFoundHtml(lang, config);
    }
    const factCheck = isUuid(id) ? await findFactCheck(db.manager, id) : undefined;
    if (!factCheck) return notFoundProblem(sent);
    const { contentType, render } = formats[representation];
    return { status: 200, contentType, body: JSON.stringify(render(factCheck, site)), lastModified: lastChangeOf(factCheck) };
  }, varyOn);
}

/**
 * `/fact-checks/%ZZ`: the router could not decode the id. It names nothing: the same 404 as any
 * unknown id. Mounted on `/fact-checks` after the route (an undecodable path skips the route).
 */
export function undecodableFactCheckId(config: Config): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (!(error instanceof URIError)) return next(error);
    const representation = factCheckRepresentation(req);
    if (isHtml(representation)) {
      sendCached(req, res, toCached(factCheckNotFoundHtml(languageOf(representation), config)), htmlVary);
      return;
    }
    sendCached(req, res, toCached(notFoundProblem(req.path.slice(1))), jsonVary);
  };
}

const notFoundProblem = (id: string): Rendered => ({
  status: 404,
  contentType: 'application/problem+json',
  body: JSON.stringify(notFound('published fact-check', id).toDocument()),
});
