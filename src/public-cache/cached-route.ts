import type { Request, RequestHandler } from 'express';
import { logInSummary } from '../http/logging';
import type { PublicCache, Rendered } from './public-cache';
import { sendCached, varyHeader, type VaryOn } from './send-cached';

/**
 * A public page answered from the cache. `read` parses the request into what the page depends on,
 * with its canonical cache `key` (it may throw a problem: Express 5 passes a synchronous throw to the
 * error handler); `vary` names the request headers that key depends on, the content coding included,
 * unless `read` gives the whole Vary header of its representation (`vary`, made once by varyHeader).
 * The Express route and the fast path in front of Express (fast-path.ts) both read a request through
 * the one `read`, so they cannot disagree on which entry answers it.
 */
export type CachedPage<Read extends { key: string; vary?: string } = { key: string; vary?: string }> = {
  read: (req: Request) => Read;
  render: (request: Read, req: Request) => Promise<Rendered>;
  vary: string;
};

export function cachedPage<Read extends { key: string; vary?: string }>(
  read: (req: Request) => Read,
  render: (request: Read, req: Request) => Promise<Rendered>,
  varyOn: VaryOn = [],
): CachedPage<Read> {
  return { read, render, vary: varyHeader(varyOn) };
}

/**
 * The page as an Express handler. A hit is sent synchronously (no promise on the hot path) and
 * counted in the request log's summary of cached reads; a miss, which queried the database, is
 * rendered once however many readers wait for it, gets a log line of its own, and its errors reach
 * the error handler.
 */
export function cachedRoute<Read extends { key: string; vary?: string }>(cache: PublicCache, { read, render, vary }: CachedPage<Read>): RequestHandler {
  return (req, res) => {
    const request = read(req);
    const varies = request.vary ?? vary;
    const hit = cache.peek(request.key);
    if (hit) {
      logInSummary(res);
      return sendCached(req, res, hit, varies);
    }
    return cache.get(request.key, () => render(request, req)).then((fresh) => sendCached(req, res, fresh, varies));
  };
}
