import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import { compressionThreshold } from '../public-cache/content-encoding';

/**
 * Larger bodies are sent as they are: compressing per response costs ≈ 0.1–0.3 ms per 100 kB, and
 * Swagger UI's 1.7 MB bundle (0.15–0.3 s a request) would let anyone spend the CPU at will. API pages
 * are bounded by their `limit`, well under this.
 */
export const compressAtMostBytes = 512 * 1024;

const worthCompressing = (req: Request, res: Response): boolean => {
  const length = Number(res.getHeader('Content-Length'));
  return !(length > compressAtMostBytes) && compression.filter(req, res);
};

/**
 * br or gzip, as the client accepts, for answers of 1 kB to 512 kB (the OpenAPI document is ≈ 300 kB) that are not compressed already:
 * the `compression` middleware (its filter skips types that do not compress, such as images, and
 * `Cache-Control: no-transform`). Brotli at quality 4, the middleware's default, since it runs per response.
 * The public cached pages are compressed once when cached and are mounted before it.
 *
 * ETags are left as the handlers set them: a claim's `"v7"` names its version and must keep matching
 * If-Match strongly over any coding; the static documents' are compared weakly by If-None-Match anyway.
 */
export const compressResponses = (): RequestHandler => compression({ threshold: compressionThreshold, filter: worthCompressing });
