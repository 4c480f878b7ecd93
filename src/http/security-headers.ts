import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** JSON answers load nothing and may not be framed. The raw answers to refused requests send the same. */
export const jsonContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/** Helmet's policy: nosniff, no referrer, no framing, no cross-origin embedding; headers only old browsers read left out. */
const policy = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
  // Only this host, and only once it is reached over HTTPS: other services under the domain may not be.
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

/**
 * Helmet's headers on every response. Nothing in the policy depends on the request, so they are
 * read from helmet once, and a request (a cached public read too) pays only the setHeader calls,
 * not helmet's chain of seven middlewares.
 */
export function securityHeaders(): RequestHandler & { headers: FixedHeaders } {
  const probe = new ServerResponse(new IncomingMessage(new Socket()));
  policy(probe.req, probe, () => {});
  const headers = Object.entries(probe.getHeaders()).map(([name, value]) => [name, String(value)] as const);
  const handler: RequestHandler = (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
  // The fast path in front of Express (src/public-cache/fast-path.ts) sets the very same headers.
  return Object.assign(handler, { headers });
}

/** Response headers that do not depend on the request, as name and value, in the order they are set. */
export type FixedHeaders = ReadonlyArray<readonly [string, string]>;

/** Answers of the authenticated API are personal and change with every write: no cache may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
