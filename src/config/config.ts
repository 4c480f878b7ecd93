import { isIP } from 'node:net';
import { z } from 'zod';
import type { SimilarityBudget } from '../similar/similarity-budget';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const postgresUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    message: 'must be a postgres:// or postgresql:// URL',
  });

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'must be an http:// or https:// URL',
  })
  .transform((value) => value.replace(/\/+$/, ''));

const byteSize = z
  .string()
  .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 512kb or 1mb');

const byteUnits = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

const bytes = z
  .string()
  .regex(/^\d+(b|kb|mb|gb)?$/i, 'must be a number of bytes or a size such as 512kb or 32mb')
  .transform((value) => {
    const [, digits, unit] = /^(\d+)([a-z]*)$/i.exec(value)!;
    return Number(digits) * byteUnits[(unit || 'b').toLowerCase() as keyof typeof byteUnits];
  })
  .pipe(z.number().min(1024, 'must be at least 1kb').max(2 * 1024 ** 3, 'must be at most 2gb'));

/** host[:port] as a browser sends it in Host: lower case, no scheme, path or credentials. */
const hostList = z.string().transform((value, context) => {
  const hosts = value.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean);
  for (const host of hosts) {
    if (!URL.canParse(`http://${host}`) || new URL(`http://${host}`).host !== host) {
      context.addIssue({ code: 'custom', message: `${JSON.stringify(host)} is not a host[:port] (such as news.example or news.example:8443; no :80)` });
    }
  }
  return hosts;
});

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address Express's trust proxy takes: a name, an IP, an IP with a prefix length or a netmask. */
function isProxyAddress(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = '', range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

/**
 * Express's `trust proxy`: false, a hop count, or the proxies' addresses. `true` is refused: it
 * believes any client's X-Forwarded-For, so anyone could pick the address the rate limit counts.
 */
const trustProxy = z.string().transform((value, context): TrustProxy => {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'false') return false;
  if (/^\d+$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= 20) return Number(trimmed);
  const entries = trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
  const wrong = entries.filter((entry) => !isProxyAddress(entry));
  if (trimmed === 'true' || entries.length === 0 || wrong.length > 0) {
    context.addIssue({
      code: 'custom',
      message: 'must be false, a hop count (1-20), or proxies as loopback, linklocal, uniquelocal, IPs or subnets (10.0.0.0/8), comma-separated; true is refused: it would let any client choose its own address',
    });
  }
  return entries;
});

/** An IANA time zone Intl knows (Asia/Jakarta), for the dates the pages show. */
const timeZone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as UTC or Asia/Jakarta' },
);

export type TrustProxy = false | number | readonly string[];

const configShape = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_OWNER_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  PGLITE_SOCKET: z.stringbool().default(true),
  PGLITE_SOCKET_TURN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  SEED_ON_START: z.stringbool().default(true),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  BODY_LIMIT: byteSize.default('1mb'),
  IMPORT_BODY_LIMIT: bytes.default(10 * 1024 ** 2),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  PUBLIC_BASE_URL: httpUrl.optional(),
  PUBLIC_HOSTS: hostList.optional(),
  PUBLIC_CACHE_MAX_BYTES: bytes.default(32 * 1024 ** 2),
  TRUST_PROXY: trustProxy.default(false),
  ORGANIZATION_NAME: z.string().min(1).max(200).default('Fact-check desk'),
  ORGANIZATION_URL: httpUrl.optional(),
  REVIEW_LANGUAGE: z.string().min(2).max(35).default('en'),
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(600),
  RATE_LIMIT_STORE: z.enum(['memory', 'postgres']).default('memory'),
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(600),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(30),
  EVIDENCE_PER_CLAIM_MAX: z.coerce.number().int().min(1).max(10_000).default(200),
  METRICS_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{32,200}$/, 'must be 32 to 200 letters, digits, - or _').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(8 * 60),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(90 * 24).default(7 * 24),
  DESK_TIME_ZONE: timeZone.default('UTC'),
  SIGN_IN_ACCOUNT_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  SIGN_IN_ACCOUNT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  SIGN_IN_CLIENT_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(30),
  EXPORT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(2),
  EXPORT_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  SIMILAR_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_500),
  SIMILAR_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(2),
  WEBHOOK_WORKER: z.stringbool().default(true),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.stringbool().default(false),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(60_000),
  WEBHOOK_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(6 * 3_600_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(15),
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().min(1_000).max(90 * 86_400_000).default(3 * 86_400_000),
  WEBHOOK_SECRET_OVERLAP_MS: z.coerce.number().int().min(0).max(30 * 86_400_000).default(86_400_000),
});

const configSchema = configShape
  .refine((values) => !(values.PUBLIC_BASE_URL && values.PUBLIC_HOSTS?.length), {
    path: ['PUBLIC_HOSTS'],
    message: 'set PUBLIC_BASE_URL (one site) or PUBLIC_HOSTS (several), not both',
  })
  .refine((values) => values.HEADERS_TIMEOUT_MS <= values.REQUEST_TIMEOUT_MS, {
    // Node refuses to start a server whose headersTimeout exceeds its requestTimeout.
    path: ['HEADERS_TIMEOUT_MS'],
    message: 'must not exceed REQUEST_TIMEOUT_MS',
    // Only once both are valid numbers: a bad value is reported once, by its own check.
    when: ({ issues }) => !issues.some(({ path }) => path?.[0] === 'HEADERS_TIMEOUT_MS' || path?.[0] === 'REQUEST_TIMEOUT_MS'),
  })
  .refine((values) => values.WEBHOOK_TIMEOUT_MS < values.WEBHOOK_LEASE_MS, {
    // A lease that ran out mid-request would let another instance send the same delivery again.
    path: ['WEBHOOK_LEASE_MS'],
    message: 'must exceed WEBHOOK_TIMEOUT_MS',
    when: ({ issues }) => !issues.some(({ path }) => path?.[0] === 'WEBHOOK_TIMEOUT_MS' || path?.[0] === 'WEBHOOK_LEASE_MS'),
  });

export type Config = Readonly<{
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database:
    /** `ownerUrl`: the role that owns the schema and runs migrations; `url`: the service's own, lesser role. */
    | { kind: 'postgres'; url: string; poolSize: number; ownerUrl?: string }
    | {
        kind: 'embedded';
        dataDir: string;
        /** While the server runs, psql and the CLI reach the database on a Unix socket in dataDir. */
        localSocket?: { enabled: boolean; turnTimeoutMs: number };
      };
  seedOnStart: boolean;
  logLevel: (typeof logLevels)[number];
  bodyLimit: string;
  /** The most a ClaimReview import (POST /api/v1/imports/claimreview) may send, in bytes. */
  importBodyLimit: number;
  /** ClaimReview imports one instance runs at once (one a person): src/imports/import-slots.ts. */
  importConcurrency: number;
  shutdownTimeoutMs: number;
  /** How long a client may take to send headers, a whole request, and how long an idle keep-alive connection stays open. */
  server: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  /** The public site: fact-check and feed URLs start here. */
  publicBaseUrl: string | undefined;
  /**
   * Without publicBaseUrl, the hosts (host[:port]) the public site answers as: a request gets its own
   * host's URLs when listed, the first one's otherwise. Neither set: http://HOST:port (development).
   */
  publicHosts: readonly string[];
  /** What the cache of rendered public responses may hold, in bytes of bodies and headers. */
  publicCacheMaxBytes: number;
  /** Express's `trust proxy`: which hops' X-Forwarded-For/-Proto/-Host to believe (req.ip, req.protocol). */
  trustProxy: TrustProxy;
  /** The organisation that authors the fact-checks (ClaimReview author). */
  organization: { name: string; url: string | undefined };
  /** The language the fact-checks are written in (BCP 47). */
  reviewLanguage: string;
  /** Requests per minute per client on public routes, counted in this process or in PostgreSQL. */
  publicRateLimit: { perMinute: number; store: 'memory' | 'postgres' };
  /** /api/v1: requests per minute per token, and requests with a token that fails per minute per client (same store). */
  apiRateLimit: { perTokenPerMinute: number; authFailuresPerMinute: number };
  /** A bearer token that reads GET /metrics and nothing else (for a scraper); admins' tokens read it too. */
  metricsToken: string | undefined;
  /** Evidence a claim may hold, retracted pieces included: bounds its list and what one claim can store. */
  evidencePerClaimMax: number;
  /** Browser sessions: ended after this long without a request, and at the latest this long after sign-in. */
  session: { idleMinutes: number; maxHours: number };
  /** The time zone the pages show dates in. */
  deskTimeZone: string;
  /** Sign-in attempts per name in `accountWindowMinutes`, and per client a minute (same store as the rate limits). */
  signInLimit: { perAccount: number; accountWindowMinutes: number; perClientPerMinute: number };
  /** Similar claims and the public "has this been checked?" search: see src/similar/similarity-budget.ts. */
  similarity: SimilarityBudget;
  /** Claim exports: how many one instance streams at once (one a person), and how long one may go without sending a byte: src/exports/export-slots.ts. */
  exports: { concurrency: number; idleTimeoutMs: number };
  /** Outgoing webhooks: see docs/webhooks.md. */
  webhooks: WebhookConfig;
}>;

export type WebhookConfig = Readonly<{
  /** Whether this instance runs a delivery worker. */
  worker: boolean;
  /** Targets resolving to loopback, private, link-local or metadata addresses (tests, a private network). */
  allowPrivateTargets: boolean;
  /** How often the worker looks for due deliveries when no NOTIFY woke it. */
  pollMs: number;
  batchSize: number;
  timeoutMs: number;
  /** How long a claimed delivery stays the claiming instance's before another may take it. */
  leaseMs: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  maxAttempts: number;
  /** A subscription failing (no success) for this long is turned off. */
  disableAfterMs: number;
  /** How long a rotated-out secret still signs beside the new one. */
  secretOverlapMs: number;
}>;

/** Every environment variable the service reads. */
export const configVariables: readonly string[] = Object.keys(configShape.shape);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once; a wrong value stops start-up with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    configVariables.flatMap((key) => (env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]])),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  if (values.DATABASE_OWNER_URL && !values.DATABASE_URL) {
    throw new ConfigError(['DATABASE_OWNER_URL: needs DATABASE_URL (the embedded database has a single role)']);
  }
  return Object.freeze({
    nodeEnv: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    database: values.DATABASE_URL
      ? {
          kind: 'postgres' as const,
          url: values.DATABASE_URL,
          poolSize: values.DATABASE_POOL_SIZE,
          ...(values.DATABASE_OWNER_URL ? { ownerUrl: values.DATABASE_OWNER_URL } : {}),
        }
      : {
          kind: 'embedded' as const,
          dataDir: values.PGLITE_DATA_DIR,
          localSocket: { enabled: values.PGLITE_SOCKET, turnTimeoutMs: values.PGLITE_SOCKET_TURN_TIMEOUT_MS },
        },
    seedOnStart: values.SEED_ON_START,
    logLevel: values.LOG_LEVEL,
    bodyLimit: values.BODY_LIMIT,
    importBodyLimit: values.IMPORT_BODY_LIMIT,
    importConcurrency: values.IMPORT_CONCURRENCY,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    server: {
      headersTimeoutMs: values.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: values.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: values.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: values.MAX_CONNECTIONS,
    },
    publicBaseUrl: values.PUBLIC_BASE_URL,
    publicHosts: Object.freeze(values.PUBLIC_HOSTS ?? []),
    publicCacheMaxBytes: values.PUBLIC_CACHE_MAX_BYTES,
    trustProxy: Array.isArray(values.TRUST_PROXY) ? Object.freeze([...values.TRUST_PROXY]) : values.TRUST_PROXY,
    organization: { name: values.ORGANIZATION_NAME, url: values.ORGANIZATION_URL },
    reviewLanguage: values.REVIEW_LANGUAGE,
    publicRateLimit: { perMinute: values.PUBLIC_RATE_LIMIT, store: values.RATE_LIMIT_STORE },
    apiRateLimit: { perTokenPerMinute: values.API_RATE_LIMIT, authFailuresPerMinute: values.AUTH_FAILURE_LIMIT },
    metricsToken: values.METRICS_TOKEN,
    evidencePerClaimMax: values.EVIDENCE_PER_CLAIM_MAX,
    session: { idleMinutes: values.SESSION_IDLE_MINUTES, maxHours: values.SESSION_MAX_HOURS },
    deskTimeZone: values.DESK_TIME_ZONE,
    signInLimit: {
      perAccount: values.SIGN_IN_ACCOUNT_LIMIT,
      accountWindowMinutes: values.SIGN_IN_ACCOUNT_WINDOW_MINUTES,
      perClientPerMinute: values.SIGN_IN_CLIENT_LIMIT,
    },
    similarity: Object.freeze({ timeoutMs: values.SIMILAR_TIMEOUT_MS, concurrency: values.SIMILAR_CONCURRENCY }),
    exports: Object.freeze({ concurrency: values.EXPORT_CONCURRENCY, idleTimeoutMs: values.EXPORT_IDLE_TIMEOUT_MS }),
    webhooks: Object.freeze({
      worker: values.WEBHOOK_WORKER,
      allowPrivateTargets: values.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      pollMs: values.WEBHOOK_POLL_MS,
      batchSize: values.WEBHOOK_BATCH_SIZE,
      timeoutMs: values.WEBHOOK_TIMEOUT_MS,
      leaseMs: values.WEBHOOK_LEASE_MS,
      retryBaseMs: values.WEBHOOK_RETRY_BASE_MS,
      retryMaxDelayMs: values.WEBHOOK_RETRY_MAX_DELAY_MS,
      maxAttempts: values.WEBHOOK_MAX_ATTEMPTS,
      disableAfterMs: values.WEBHOOK_DISABLE_AFTER_MS,
      secretOverlapMs: values.WEBHOOK_SECRET_OVERLAP_MS,
    }),
  });
}
