import type { Request, RequestHandler } from 'express';
import type { PublicCache, Rendered } from './public-cache';
import { sendCached } from './send-cached';

/**
 * A public GET answered from the cache. A hit is sent synchronously (no promise on the hot path);
 * a miss is rendered once however many readers wait for it, and its errors reach the error handler.
 */
export function cachedRoute(cache: PublicCache, keyOf: (req: Request) => string, render: (req: Request) => Promise<Rendered>): RequestHandler {
  return (req, res) => {
    const key = keyOf(req);
    const hit = cache.peek(key);
    if (hit) return sendCached(req, res, hit);
    return cache.get(key, () => render(req)).then((fresh) => sendCached(req, res, fresh));
  };
}
