import type { Request, Response } from 'express';
import type { CachedResponse } from './public-cache';

export const publicCacheControl = 'public, max-age=60, stale-while-revalidate=300';

/** Sends a cached response, or 304 when the client's copy is current (If-None-Match / If-Modified-Since). */
export function sendCached(req: Request, res: Response, cached: CachedResponse): void {
  res.setHeader('Vary', 'Accept');
  if (cached.status !== 200) {
    // A missing fact-check may be published any minute: nobody should keep the 404.
    res.setHeader('Cache-Control', 'no-store');
    res.status(cached.status).setHeader('Content-Type', cached.contentType);
    res.end(req.method === 'HEAD' ? undefined : cached.body);
    return;
  }
  res.setHeader('Cache-Control', publicCacheControl);
  res.setHeader('ETag', cached.etag);
  if (cached.lastModified) res.setHeader('Last-Modified', cached.lastModified);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.status(cached.status).setHeader('Content-Type', cached.contentType);
  res.end(req.method === 'HEAD' ? undefined : cached.body);
}
