import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitInfo, type Store } from 'express-rate-limit';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { sendProblem } from '../errors/error-handler';
import { Problem } from '../errors/problem';
import { PostgresRateLimitStore, windowMs } from '../public-cache/rate-limit';
import { tokenHash } from '../users/tokens';

/** express-rate-limit's default key: the client's address, IPv6 by its /56. */
const clientKey = (req: Request): string => ipKeyGenerator(req.ip ?? '', 56);

const bearerSecret = (req: Request): string => /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';

/**
 * The limits of /api/v1, both counted like the public limit (in memory, or in PostgreSQL with
 * RATE_LIMIT_STORE=postgres so that instances share them):
 * - `authFailuresPerMinute` requests per client whose token fails (no token at all costs nothing to
 *   answer and is not counted). Beyond it the client is refused before its token is looked up, until
 *   the window ends: `refuseBlockedClients` goes first, `countFailedAuthentication` after
 *   `authenticate`. Another instance sharing the count blocks the client at its next failure.
 * - `perTokenPerMinute` authenticated requests per token (keyed by the token's SHA-256, never the
 *   secret), checked before the body is read.
 */
export function apiLimits(config: Config, db: DataSource) {
  const { perTokenPerMinute, authFailuresPerMinute } = config.apiRateLimit;
  const store = (prefix: string): Store | undefined =>
    config.publicRateLimit.store === 'postgres' ? new PostgresRateLimitStore(db, prefix) : undefined;

  const blockedUntil = new Map<string, number>();
  const failuresDetail = `More than ${authFailuresPerMinute} requests a minute with a token that fails; wait for Retry-After.`;
  const countFailure = rateLimit({
    windowMs,
    limit: authFailuresPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: clientKey,
    ...optional(store('auth-failures:')),
    handler: (req, res) => {
      const resetTime = (req as { rateLimit?: RateLimitInfo }).rateLimit?.resetTime?.getTime() ?? Date.now() + windowMs;
      block(blockedUntil, clientKey(req), resetTime);
      res.removeHeader('WWW-Authenticate');
      sendProblem(res, new Problem('rate-limited', failuresDetail).toDocument());
    },
  });

  const refuseBlockedClients: RequestHandler = (req, res, next) => {
    if (blockedUntil.size === 0) return next();
    const key = clientKey(req);
    const until = blockedUntil.get(key);
    const seconds = until === undefined ? 0 : Math.ceil((until - Date.now()) / 1000);
    if (seconds <= 0) {
      blockedUntil.delete(key);
      return next();
    }
    refuse(res, authFailuresPerMinute, seconds, failuresDetail);
  };

  const countFailedAuthentication: ErrorRequestHandler = (error, req, res, next) => {
    const failedWithToken = error instanceof Problem && error.slug === 'unauthenticated' && req.headers.authorization !== undefined;
    if (!failedWithToken) return next(error);
    return countFailure(req, res, (storeError?: unknown) => next(storeError ?? error));
  };

  const perToken = rateLimit({
    windowMs,
    limit: perTokenPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => tokenHash(bearerSecret(req)),
    ...optional(store('api:')),
    handler: (_req, res) => {
      sendProblem(res, new Problem('rate-limited', `More than ${perTokenPerMinute} requests a minute with this token; wait for Retry-After.`).toDocument());
    },
  });

  return { refuseBlockedClients, countFailedAuthentication, perToken };
}

const optional = (store: Store | undefined): { store?: Store } => (store ? { store } : {});

function block(blockedUntil: Map<string, number>, key: string, until: number): void {
  if (blockedUntil.size >= 10_000) {
    const now = Date.now();
    for (const [other, otherUntil] of blockedUntil) if (otherUntil <= now) blockedUntil.delete(other);
  }
  blockedUntil.set(key, until);
}

/** A 429 with the headers express-rate-limit sends (draft-7), for a client refused before it is counted. */
function refuse(res: Response, limit: number, seconds: number, detail: string): void {
  res.setHeader('RateLimit-Policy', `${limit};w=${windowMs / 1000}`);
  res.setHeader('RateLimit', `limit=${limit}, remaining=0, reset=${seconds}`);
  res.setHeader('Retry-After', String(seconds));
  sendProblem(res, new Problem('rate-limited', detail).toDocument());
}
