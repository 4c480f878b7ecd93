import type { Request, RequestHandler } from 'express';
import { logInSummary } from '../http/logging';
import type { PublicCache, Rendered } from './public-cache';
import { sendCached } from './send-cached';

/**
 * A public GET answered from the cache. `read` parses the request into what the page depends on,
 * with its canonical cache `key` (it may throw a problem: Express 5 passes a synchronous throw to the
 * error handler). A hit is sent synchronously (no promise on the hot path); a miss is rendered once
 * however many readers wait for it, and its errors reach the error handler. A hit is counted in the
 * request log's summary of cached reads; a miss, which queried the database, gets a line of its own.
 */
export function cachedRoute<Read extends { key: string }>(
  cache: PublicCache,
  read: (req: Request) => Read,
  render: (request: Read, req: Request) => Promise<Rendered>,
): RequestHandler {
  return (req, res) => {
    const request = read(req);
    const hit = cache.peek(request.key);
    if (hit) {
      logInSummary(res);
      return sendCached(req, res, hit);
    }
    return cache.get(request.key, () => render(request, req)).then((fresh) => sendCached(req, res, fresh));
  };
}
