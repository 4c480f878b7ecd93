import type { Request, Response } from 'express';
import { isFresh } from '../http/conditional';
import type { CachedResponse } from './public-cache';

export const publicCacheControl = 'public, max-age=60, stale-while-revalidate=300';

/** The request headers a public route's representation depends on; one place, so that each reason adds its own. */
export type VaryOn = readonly string[];

function setVary(res: Response, varyOn: VaryOn): void {
  if (varyOn.length > 0) res.setHeader('Vary', varyOn.join(', '));
}

/** Sends a cached response, or 304 when the client's copy is current (If-None-Match / If-Modified-Since). */
export function sendCached(req: Request, res: Response, cached: CachedResponse, varyOn: VaryOn = []): void {
  setVary(res, varyOn);
  if (cached.status !== 200) {
    // A missing fact-check may be published any minute: nobody should keep the 404.
    res.setHeader('Cache-Control', 'no-store');
    res.status(cached.status).setHeader('Content-Type', cached.contentType);
    sendBody(req, res, cached.body);
    return;
  }
  res.setHeader('Cache-Control', publicCacheControl);
  res.setHeader('ETag', cached.etag);
  if (cached.lastModified) res.setHeader('Last-Modified', cached.lastModified);
  if (isFresh(req.method, req.headers, cached)) {
    res.status(304).end();
    return;
  }
  res.status(cached.status).setHeader('Content-Type', cached.contentType);
  sendBody(req, res, cached.body);
}

/** HEAD says what GET would send, Content-Length included, without the body. */
function sendBody(req: Request, res: Response, body: Buffer): void {
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}
