import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config/config';
import { PageRefusal } from './session';

/** The form field every state-changing form of a session carries. */
export const csrfField = '_csrf';

/**
 * A form post must come from this site: a browser's Sec-Fetch-Site (when sent) says same-origin, its
 * Origin (when sent) is this site's, and — once signed in — the form carries the session's token.
 * SameSite=Lax alone would let a same-site (another subdomain's) page post.
 */
export function verifySameOrigin(config: Pick<Config, 'publicBaseUrl'>): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new PageRefusal(403, 'csrf');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins(req, config).includes(origin)) throw new PageRefusal(403, 'csrf');
    next();
  };
}

const allowedOrigins = (req: Request, config: Pick<Config, 'publicBaseUrl'>): string[] => {
  const own = `${req.protocol}://${req.host}`;
  return config.publicBaseUrl ? [own, new URL(config.publicBaseUrl).origin] : [own];
};

/** The session's token, compared in constant time. Only for requests of a signed-in session. */
export const verifyCsrfToken: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const sent = (req.body as Record<string, unknown> | undefined)?.[csrfField];
  const expected = req.webSession?.csrfToken;
  if (!expected || typeof sent !== 'string' || !sameString(sent, expected)) throw new PageRefusal(403, 'csrf');
  next();
};

const sameString = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};
