import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookies, serialize } from 'cookie';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { Role } from '../users/role';
import { findActiveSession, touchSession, type ActiveSession } from './sessions.service';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in browser, on page routes; the API never reads it. */
    webSession?: ActiveSession;
  }
}

/** `__Host-` binds the cookie to this host over HTTPS (no Domain, Path=/, Secure); plain HTTP cannot use it. */
export const sessionCookieName = (config: Pick<Config, 'publicBaseUrl'>): string =>
  isHttps(config) ? '__Host-ct_session' : 'ct_session';

const isHttps = (config: Pick<Config, 'publicBaseUrl'>): boolean => config.publicBaseUrl?.startsWith('https:') ?? false;

/** Express declares `req.cookies` (as any); the pages fill it from the Cookie header. */
export const readCookies: RequestHandler = (req, _res, next) => {
  req.cookies = parseCookies(req.headers.cookie ?? '');
  next();
};

export const cookieOf = (req: Request, name: string): string | undefined => {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

/** Who the browser is: the session its cookie names, if it is still open. */
export function loadSession(db: DataSource, config: Config): RequestHandler {
  const name = sessionCookieName(config);
  return async (req, _res, next) => {
    const secret = cookieOf(req, name);
    if (secret && /^[A-Za-z0-9_-]{43}$/.test(secret)) {
      const session = await findActiveSession(db.manager, secret, config.session);
      if (session) {
        req.webSession = session;
        await touchSession(db.manager, session);
      }
    }
    next();
  };
}

export function setSessionCookie(res: Response, config: Config, secret: string): void {
  res.append(
    'Set-Cookie',
    serialize(sessionCookieName(config), secret, {
      httpOnly: true,
      sameSite: 'lax',
      secure: isHttps(config),
      path: '/',
      maxAge: config.session.maxHours * 3600,
    }),
  );
}

export function clearSessionCookie(res: Response, config: Config): void {
  res.append('Set-Cookie', serialize(sessionCookieName(config), '', { httpOnly: true, sameSite: 'lax', secure: isHttps(config), path: '/', maxAge: 0 }));
}

/** A path on this site to return to after signing in; anything else (another host, `//x`, `/\x`) goes home. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  return /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : undefined;
}

/** Where a person lands after signing in. */
export const landingFor = (role: Role): string => (role === 'checker' ? '/my' : '/desk');

/** A page for these roles only: not signed in → to /login and back; signed in with another role → 403 page. */
export function requireSignIn(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    const session = req.webSession;
    if (!session) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      throw new PageRefusal(401, 'signed-out');
    }
    if (roles.length > 0 && !roles.includes(session.person.role)) throw new PageRefusal(403, 'forbidden');
    next();
  };
}

/** A refusal a page shows as a page (not problem+json). */
export class PageRefusal extends Error {
  constructor(
    readonly status: number,
    readonly kind: 'signed-out' | 'forbidden' | 'csrf' | 'not-found',
  ) {
    super(kind);
  }
}

/** The signed-in session of a page route behind requireSignIn. */
export function sessionOf(req: Request): ActiveSession {
  if (!req.webSession) throw new PageRefusal(401, 'signed-out');
  return req.webSession;
}
