import type { Request, Response } from 'express';
import { isFresh } from '../http/conditional';
import { pageContentSecurityPolicy, pageReferrerPolicy } from '../web/render';
import { chooseCoding } from './content-encoding';
import type { CachedResponse } from './public-cache';

export const publicCacheControl = 'public, max-age=60, stale-while-revalidate=300';

/** The request headers a public route's representation depends on beyond the content coding (e.g. Accept). */
export type VaryOn = readonly string[];

/** Every public answer varies on the coding; a route adds what else it negotiates. One header value per route, built once. */
export const varyHeader = (varyOn: VaryOn): string => [...varyOn, 'Accept-Encoding'].join(', ');

/** The body and ETag in the coding the client prefers among those held. */
function representation(req: Request, cached: CachedResponse) {
  const coding = cached.encoded ? chooseCoding(req.headers['accept-encoding']) : 'identity';
  return coding === 'identity' ? { coding, body: cached.body, etag: cached.etag } : { coding, ...cached.encoded![coding] };
}

/** Sends a cached response, or 304 when the client's copy of this coding is current (If-None-Match / If-Modified-Since). */
export function sendCached(req: Request, res: Response, cached: CachedResponse, vary: string): void {
  res.setHeader('Vary', vary);
  if (cached.contentType.startsWith('text/html')) {
    // A page: the pages' policy (own stylesheet and scripts only) instead of the JSON answers' none at all.
    res.setHeader('Content-Security-Policy', pageContentSecurityPolicy);
    res.setHeader('Referrer-Policy', pageReferrerPolicy);
  }
  if (cached.status !== 200) {
    // A missing fact-check may be published any minute: nobody should keep the 404.
    res.setHeader('Cache-Control', 'no-store');
    res.status(cached.status).setHeader('Content-Type', cached.contentType);
    sendBody(req, res, cached.body);
    return;
  }
  const { coding, body, etag } = representation(req, cached);
  res.setHeader('Cache-Control', publicCacheControl);
  res.setHeader('ETag', etag);
  if (cached.lastModified) res.setHeader('Last-Modified', cached.lastModified);
  if (isFresh(req.method, req.headers, { etag, lastModified: cached.lastModified })) {
    res.status(304).end();
    return;
  }
  res.status(cached.status).setHeader('Content-Type', cached.contentType);
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
  sendBody(req, res, body);
}

/** HEAD says what GET in the same coding would send, Content-Length included, without the body. */
function sendBody(req: Request, res: Response, body: Buffer): void {
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}
