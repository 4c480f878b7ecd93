import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** JSON answers load nothing and may not be framed. The raw answers to refused requests send the same. */
export const jsonContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * Helmet's headers on every response: nosniff, no referrer, no framing, no cross-origin embedding.
 * Its values are computed once here, so a cached public read only pays a few setHeader calls.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Only this host, and only once it is reached over HTTPS: other services under the domain may not be.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });
}

/** Answers of the authenticated API are personal and change with every write: no cache may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
