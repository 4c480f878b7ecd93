import type { Request, RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { Problem } from '../errors/problem';
import type { Role } from '../users/role';
import { credentialForToken, type Actor } from '../users/users.service';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` on every /api/v1 request. */
    actor?: Actor;
  }
}

const bearer = /^Bearer +([A-Za-z0-9_-]{10,200})$/i; // the scheme is case-insensitive (RFC 9110 11.1)

/**
 * What a first token (handed out by an admin, must be replaced) may do: see who it names and make its
 * owner's own token. Everything else is refused here, before any route runs, so a route added later
 * is closed to first tokens without having to remember it. Exact paths: '/me/' or '/ME' are refused too.
 */
export const firstTokenMay: ReadonlySet<string> = new Set(['GET /api/v1/me', 'GET /api/v1/me/tokens', 'POST /api/v1/me/tokens']);
const firstTokenMayCall = (req: Request): boolean => firstTokenMay.has(`${req.method} ${req.baseUrl}${req.path}`);

/** Every /api/v1 request names its person with `Authorization: Bearer <token>`. */
export function authenticate(db: DataSource): RequestHandler {
  return async (req, res, next) => {
    const match = bearer.exec(req.headers.authorization ?? '');
    const credential = match ? await credentialForToken(db.manager, match[1]!) : null;
    if (!credential) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="claim-tracker"');
      throw new Problem(
        'unauthenticated',
        match ? 'The token is unknown or has been revoked.' : 'Send Authorization: Bearer <token>.',
      );
    }
    if (credential.mustReplace && !firstTokenMayCall(req)) {
      throw new Problem(
        'token-must-be-replaced',
        'This is a first token handed out by an admin: create your own with POST /api/v1/me/tokens (that ends this one) and use it instead.',
      );
    }
    req.actor = credential.actor;
    next();
  };
}

/** The route is open to these roles only. */
export function allow(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor || !roles.includes(req.actor.role)) {
      throw new Problem('forbidden', `This needs the role ${roles.join(' or ')}; you are ${req.actor?.role ?? 'nobody'}.`);
    }
    next();
  };
}

/** The actor of an authenticated request (the middleware guarantees it). */
export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw new Problem('unauthenticated');
  return req.actor;
}

export const readers: Role[] = ['checker', 'editor', 'admin'];
export const checkers: Role[] = ['checker', 'editor'];
export const admins: Role[] = ['admin'];
/** The editors' views of the desk: editors, and admins who oversee the newsroom (checkers work from /claims). */
export const editorial: Role[] = ['editor', 'admin'];

/** The bearer token an API actor acts with (the API has no other credential). */
export function actorTokenId(actor: Actor): string {
  if (!actor.tokenId) throw new Problem('unauthenticated', 'Send Authorization: Bearer <token>.');
  return actor.tokenId;
}
