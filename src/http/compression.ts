import compression from 'compression';
import type { RequestHandler } from 'express';
import { compressionThreshold } from '../public-cache/content-encoding';

/**
 * br or gzip, as the client accepts, for answers of at least 1 kB that are not compressed already:
 * the `compression` middleware (its filter skips types that do not compress, such as images, and
 * `Cache-Control: no-transform`). Brotli at quality 4, the middleware's default, since it runs per response.
 * The public cached pages are compressed once when cached and are mounted before it.
 *
 * ETags are left as the handlers set them: a claim's `"v7"` names its version and must keep matching
 * If-Match strongly over any coding; the static documents' are compared weakly by If-None-Match anyway.
 */
export const compressResponses = (): RequestHandler => compression({ threshold: compressionThreshold });
