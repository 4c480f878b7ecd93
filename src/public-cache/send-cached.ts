import type { Request, Response } from 'express';
import { chooseCoding } from './content-encoding';
import type { CachedResponse } from './public-cache';

export const publicCacheControl = 'public, max-age=60, stale-while-revalidate=300';

/** What a public answer varies on: the format (a fact-check's JSON or JSON-LD) and the content coding. */
export const publicVary = 'Accept, Accept-Encoding';

/** The body and ETag in the coding the client prefers among those held. */
function representation(req: Request, cached: CachedResponse) {
  const coding = cached.encoded ? chooseCoding(req.headers['accept-encoding']) : 'identity';
  return coding === 'identity' ? { coding, body: cached.body, etag: cached.etag } : { coding, ...cached.encoded![coding] };
}

/** Sends a cached response, or 304 when the client's copy is current (If-None-Match / If-Modified-Since). */
export function sendCached(req: Request, res: Response, cached: CachedResponse): void {
  res.setHeader('Vary', publicVary);
  if (cached.status !== 200) {
    // A missing fact-check may be published any minute: nobody should keep the 404.
    res.setHeader('Cache-Control', 'no-store');
    res.status(cached.status).setHeader('Content-Type', cached.contentType);
    res.end(req.method === 'HEAD' ? undefined : cached.body);
    return;
  }
  const { coding, body, etag } = representation(req, cached);
  res.setHeader('Cache-Control', publicCacheControl);
  res.setHeader('ETag', etag);
  if (cached.lastModified) res.setHeader('Last-Modified', cached.lastModified);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.status(cached.status).setHeader('Content-Type', cached.contentType);
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
  // Set for HEAD too: it announces what GET in the same coding would send.
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}
