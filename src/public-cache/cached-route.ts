import type { Request, RequestHandler } from 'express';
import { logInSummary } from '../http/logging';
import type { PublicCache, Rendered } from './public-cache';
import { sendCached, varyHeader, type VaryOn } from './send-cached';

/**
 * A public GET answered from the cache. `read` parses the request into what the page depends on,
 * with its canonical cache `key` (it may throw a problem: Express 5 passes a synchronous throw to the
 * error handler); `varyOn` names the request headers that key depends on besides the content coding,
 * unless `read` gives the whole Vary header of its representation (`vary`, made once, e.g. by varyHeader).
 * A hit is sent synchronously (no promise on the hot path) and counted in the request log's summary
 * of cached reads; a miss, which queried the database, is rendered once however many readers wait for
 * it, gets a log line of its own, and its errors reach the error handler.
 */
export function cachedRoute<Read extends { key: string; vary?: string }>(
  cache: PublicCache,
  read: (req: Request) => Read,
  render: (request: Read, req: Request) => Promise<Rendered>,
  varyOn: VaryOn = [],
): RequestHandler {
  const vary = varyHeader(varyOn);
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
