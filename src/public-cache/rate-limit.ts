import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type { DataSource } from 'typeorm';
import { Problem } from '../errors/problem';
import { sendProblem } from '../errors/error-handler';

export const windowMs = 60_000;

/**
 * Counts hits per client in PostgreSQL, so that several instances share one limit. A fixed window:
 * the row is reset by the first hit of a new window.
 */
export class PostgresRateLimitStore implements Store {
  /** `prefix` keeps each limit's counts apart in the one table (public:, api:, auth-failures:, sign-in-…:). */
  constructor(
    private readonly db: DataSource,
    readonly prefix = 'public:',
    readonly windowLength = windowMs,
  ) {}

  private currentWindow(): number {
    return Math.floor(Date.now() / this.windowLength) * this.windowLength;
  }

  /** The count of the current window, without counting. */
  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const windowStart = this.currentWindow();
    const [row] = await this.db.query<Array<{ hits: number }>>(
      `SELECT "hits" FROM "public_rate_limits" WHERE "key" = $1 AND "window_start" = $2`,
      [this.prefix + key, windowStart],
    );
    return row ? { totalHits: row.hits, resetTime: new Date(windowStart + this.windowLength) } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const windowStart = this.currentWindow();
    const [row] = await this.db.query<Array<{ hits: number }>>(
      `INSERT INTO "public_rate_limits" ("key", "window_start", "hits") VALUES ($1, $2, 1)
       ON CONFLICT ("key") DO UPDATE SET
         "hits" = CASE WHEN "public_rate_limits"."window_start" = EXCLUDED."window_start"
                       THEN "public_rate_limits"."hits" + 1 ELSE 1 END,
         "window_start" = EXCLUDED."window_start"
       RETURNING "hits"`,
      [this.prefix + key, windowStart],
    );
    return { totalHits: row!.hits, resetTime: new Date(windowStart + this.windowLength) };
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
 * the public routes; 429 problem beyond. Counted in this process (memory), or in PostgreSQL through
 * express-rate-limit, whose own checks (such as X-Forwarded-For arriving while no proxy is trusted:
 * every client behind that proxy would share one count) are then logged once.
 */
export function publicRateLimit(limit: number, store: Store | undefined, logger: Logger): RequestHandler {
  return store ? sharedRateLimit(limit, store, logger) : inMemoryRateLimit(limit);
}

const rateLimited = (limit: number) => new Problem('rate-limited', `More than ${limit} requests a minute; wait for Retry-After.`).toDocument();

type Window = { hits: number; resetAt: number };

/**
 * One process's count, synchronously: express-rate-limit's middleware awaits its store five times
 * and reads req.ip thrice per request, about a sixth of a cached read. The semantics of its memory
 * store: a fixed window per client from its first request, the same key (IPv6 by /56, its default)
 * and the same draft-7 headers. Windows live in two maps swapped every minute (as that store does),
 * so memory is bounded by the clients of two minutes and nothing has to be swept.
 */
function inMemoryRateLimit(limit: number): RequestHandler {
  const policy = `${limit};w=${windowMs / 1000}`;
  let current = new Map<string, Window>();
  let previous = new Map<string, Window>();
  let swapAt = Date.now() + windowMs;
  const windowOf = (key: string, now: number): Window => {
    if (now >= swapAt) {
      previous = current;
      current = new Map();
      swapAt = now + windowMs;
    }
    let window = current.get(key);
    if (!window && (window = previous.get(key))) {
      previous.delete(key);
      current.set(key, window);
    }
    if (!window || now >= window.resetAt) current.set(key, (window = { hits: 0, resetAt: now + windowMs }));
    return window;
  };
  return (req, res, next) => {
    const now = Date.now();
    const window = windowOf(ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? ''), now);
    const used = ++window.hits;
    const reset = Math.max(Math.ceil((window.resetAt - now) / 1000), 0);
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit', `limit=${limit}, remaining=${Math.max(limit - used, 0)}, reset=${reset}`);
    if (used <= limit) return next();
    res.setHeader('Retry-After', String(reset));
    sendProblem(res, rateLimited(limit));
  };
}

/** express-rate-limit over a shared store (PostgreSQL): every instance counts against one limit. */
function sharedRateLimit(limit: number, store: Store, logger: Logger): RequestHandler {
  const options: Partial<Options> = {
    windowMs,
    limit,
    // draft-7 headers (RateLimit, RateLimit-Policy, Retry-After): draft-8 hashes a partition key per request.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      sendProblem(res, rateLimited(limit));
    },
    logger: {
      error: (err, message) => logger.error({ err }, message ?? 'rate limiter'),
      warn: (err, message) => logger.warn({ err }, message ?? 'rate limiter'),
    },
    store,
  };
  return rateLimit(options);
}
