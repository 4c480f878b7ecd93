import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import cors, { type CorsOptions } from 'cors';
import type { RequestHandler } from 'express';
import type { FixedHeaders } from './security-headers';

/**
 * cors for routes open to every origin: a preflight (OPTIONS) goes through the middleware, while a
 * GET or HEAD gets the headers it would set, read from it once at start-up (with a fixed origin they
 * do not depend on the request), so a cached public read does not pay its option handling.
 */
export function openCors(options: CorsOptions & { origin: string }): RequestHandler & { headers: FixedHeaders } {
  const middleware = cors(options);
  const probe = new ServerResponse(new IncomingMessage(new Socket()));
  probe.req.method = 'GET';
  probe.req.headers = { origin: 'https://probe.example' };
  middleware(probe.req, probe, () => {});
  const headers = Object.entries(probe.getHeaders()).map(([name, value]) => [name, String(value)] as const);
  const handler: RequestHandler = (req, res, next) => {
    if (req.method === 'OPTIONS') return middleware(req, res, next);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
  // The fast path in front of Express (src/public-cache/fast-path.ts) sets the very same headers.
  return Object.assign(handler, { headers });
}

/**
 * CORS for what anyone may read (the public face, /openapi.json): any origin, GET and HEAD, with the
 * preflight a conditional request needs; the validators and rate-limit headers readable by scripts.
 */
export const publicCors = openCors({
  origin: '*',
  methods: ['GET', 'HEAD'],
  exposedHeaders: ['ETag', 'Last-Modified', 'RateLimit', 'RateLimit-Policy', 'Retry-After'],
});
