import compression from 'compression';
import type { RequestHandler } from 'express';
import onHeaders from 'on-headers';
import { compressionThreshold } from '../public-cache/content-encoding';

/**
 * br or gzip, as the client accepts, for answers of at least 1 kB that are not compressed already:
 * the `compression` middleware (its filter skips types that do not compress, such as images, and
 * `Cache-Control: no-transform`). Brotli at quality 4, the middleware's default, since it runs per response.
 * The public cached pages are compressed once when cached and mounted before it.
 */
export function compressResponses(): RequestHandler {
  const compress = compression({ threshold: compressionThreshold });
  return (req, res, next) => {
    // Registered before the middleware's own listener, so it runs after it and sees the coding chosen.
    onHeaders(res, () => weakenEtagWhenEncoded(res));
    compress(req, res, next);
  };
}

/**
 * A strong ETag promises the very bytes; the compressed ones are not those of the identity body it
 * was computed over. Weak comparison (If-None-Match) still matches it, so 304s keep working.
 */
function weakenEtagWhenEncoded(res: Parameters<RequestHandler>[1]): void {
  const etag = res.getHeader('ETag');
  const coding = res.getHeader('Content-Encoding');
  if (typeof etag === 'string' && !etag.startsWith('W/') && coding !== undefined && coding !== 'identity') res.setHeader('ETag', `W/${etag}`);
}
