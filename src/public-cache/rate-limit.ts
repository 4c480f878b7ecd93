import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type { DataSource } from 'typeorm';
import { Problem } from '../errors/problem';
import { sendProblem } from '../errors/error-handler';

export const windowMs = 60_000;

/**
 * Counts hits per client in PostgreSQL, so that several instances share one limit. A fixed window:
 * the row is reset by the first hit of a new window.
 */
export class PostgresRateLimitStore implements Store {
  /** `prefix` keeps each limit's counts apart in the one table (public:, api:, auth-failures:). */
  constructor(
    private readonly db: DataSource,
    readonly prefix = 'public:',
  ) {}

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const windowStart = Math.floor(Date.now() / windowMs) * windowMs;
    const [row] = await this.db.query<Array<{ hits: number }>>(
      `INSERT INTO "public_rate_limits" ("key", "window_start", "hits") VALUES ($1, $2, 1)
       ON CONFLICT ("key") DO UPDATE SET
         "hits" = CASE WHEN "public_rate_limits"."window_start" = EXCLUDED."window_start"
                       THEN "public_rate_limits"."hits" + 1 ELSE 1 END,
         "window_start" = EXCLUDED."window_start"
       RETURNING "hits"`,
      [this.prefix + key, windowStart],
    );
    return { totalHits: row!.hits, resetTime: new Date(windowStart + windowMs) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.query(`UPDATE "public_rate_limits" SET "hits" = greatest("hits" - 1, 0) WHERE "key" = $1`, [this.prefix + key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query(`DELETE FROM "public_rate_limits" WHERE "key" = $1`, [this.prefix + key]);
  }
}

/**
 * PUBLIC_RATE_LIMIT requests per minute per client (req.ip, as TRUST_PROXY lets Express read it) on
 * the public routes; 429 problem beyond. express-rate-limit's own checks (such as X-Forwarded-For
 * arriving while no proxy is trusted: every client behind that proxy would share one count) are logged once.
 */
export function publicRateLimit(limit: number, store: Store | undefined, logger: Logger): RequestHandler {
  const options: Partial<Options> = {
    windowMs,
    limit,
    // draft-7 headers (RateLimit, RateLimit-Policy, Retry-After): draft-8 hashes a partition key per request.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      sendProblem(res, new Problem('rate-limited', `More than ${limit} requests a minute; wait for Retry-After.`).toDocument());
    },
    logger: {
      error: (err, message) => logger.error({ err }, message ?? 'rate limiter'),
      warn: (err, message) => logger.warn({ err }, message ?? 'rate limiter'),
    },
    ...(store ? { store } : {}),
  };
  return rateLimit(options);
}
