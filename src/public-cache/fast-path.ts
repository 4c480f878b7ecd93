import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { logInSummary, type RequestLog } from '../http/logging';
import type { FixedHeaders } from '../http/security-headers';
import type { PublicCache } from './public-cache';
import { sendCached } from './send-cached';

/** What the fast path needs of a cached page: the route's own `read` (so the same cache key) and its Vary. */
type Page = { read: (req: Request) => { key: string; vary?: string }; vary: string };

export type FastPathDeps = {
  app: Express;
  cache: PublicCache;
  feed: Page;
  factCheck: Page;
  /** The request log Express's first middleware starts: X-Request-Id, the summary line, the metrics. */
  log: RequestLog;
  /** The headers Express sets before a public route, in its order: security headers, then CORS. */
  headers: FixedHeaders;
  /** The public routes' rate limiter; it must call `next` synchronously (the in-memory one does). */
  limit: RequestHandler;
  /** PUBLIC_HOSTS: a request for any other host goes through Express. */
  publicHosts: readonly string[];
  /** The app's error handler: what Express would call had one of these steps thrown. */
  fail: ErrorRequestHandler;
};

/** Answers the request and returns true, or returns false having sent nothing (Express takes it). */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The representations the fast path sends exactly as the route would (the fact-check's HTML page too:
 * sendCached adds the page's own policy headers on either path). Any other one goes through Express.
 */
const servedTypes = new Set(['application/feed+json', 'application/json', 'application/ld+json', 'text/html; charset=utf-8']);

const factCheckPath = /^\/fact-checks\/([0-9a-fA-F-]{36})$/;

/**
 * A cached public read answered before Express's router: Express's router and its chain of
 * middlewares were most of what such a read cost beyond Node's HTTP layer. It does what that chain
 * does for a GET or HEAD of /feed.json or /fact-checks/:id whose page is in the public cache —
 * request log and metrics, security and CORS headers, the rate limit, then the route's sendCached —
 * through the same functions, so the bytes are the same (test/public-cache/fast-path.test.ts holds
 * them equal). Anything else, a miss, a query or Host the route would refuse, a path Express would
 * match but this does not spell the same way, falls through to Express untouched.
 */
export function publicFastPath({ app, cache, feed, factCheck, log, headers, limit, publicHosts, fail }: FastPathDeps): FastPath {
  const hosts = new Set(publicHosts.map((host) => host.toLowerCase()));
  const pageFor = (url: string): { page: Page; params: Record<string, string> } | undefined => {
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    if (path === '/feed.json') return { page: feed, params: {} };
    const factCheckId = factCheckPath.exec(path)?.[1];
    return factCheckId === undefined ? undefined : { page: factCheck, params: { id: factCheckId } };
  };
  return (incoming, outgoing) => {
    const { method, url } = incoming;
    if ((method !== 'GET' && method !== 'HEAD') || url === undefined) return false;
    const found = pageFor(url);
    if (!found) return false;
    // Express's request and response (req.ip, req.host, req.query, res.status…), as app.handle makes them.
    const req = Object.setPrototypeOf(incoming, app.request) as Request;
    const res = Object.setPrototypeOf(outgoing, app.response) as Response;
    req.res = res;
    res.req = req;
    req.originalUrl = url;
    req.params = found.params;
    if (hosts.size > 0 && !hosts.has(req.host?.toLowerCase())) return false;
    let key: string;
    let vary: string;
    try {
      const request = found.page.read(req);
      key = request.key;
      vary = request.vary ?? found.page.vary;
    } catch {
      return false; // a query the route refuses: Express answers its problem
    }
    const hit = cache.lookup(key);
    if (!hit || !servedTypes.has(hit.contentType)) return false;
    cache.countHit();
    res.locals = Object.create(null) as Response['locals'];
    try {
      log(req, res);
      for (const [name, value] of headers) res.setHeader(name, value);
      limit(req, res, () => {
        logInSummary(res);
        sendCached(req, res, hit, vary);
      });
    } catch (error) {
      // Nothing here is known to throw; if something did, the client gets the problem Express's router would send.
      fail(error, req, res, () => {});
    }
    return true;
  };
}

/** The server's request listener: the fast path first, Express for whatever it leaves. */
export function withFastPath(app: Express, fastPath: FastPath | undefined): RequestListener {
  if (!fastPath) return app;
  return (req, res) => {
    if (!fastPath(req, res)) app(req, res);
  };
}
