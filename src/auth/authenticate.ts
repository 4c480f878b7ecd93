import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { Problem } from '../errors/problem';
import type { Role } from '../users/role';
import { actorForToken, type Actor } from '../users/users.service';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` on every /api/v1 request. */
    actor?: Actor;
  }
}

const bearer = /^Bearer +([A-Za-z0-9_-]{10,200})$/i; // the scheme is case-insensitive (RFC 9110 11.1)

/** Every /api/v1 request names its person with `Authorization: Bearer <token>`. */
export function authenticate(db: DataSource): RequestHandler {
  return async (req, res, next) => {
    const match = bearer.exec(req.headers.authorization ?? '');
    const actor = match ? await actorForToken(db.manager, match[1]!) : null;
    if (!actor) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="claim-tracker"');
      throw new Problem(
        'unauthenticated',
        match ? 'The token is unknown or has been revoked.' : 'Send Authorization: Bearer <token>.',
      );
    }
    req.actor = actor;
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
