import { z } from 'zod';

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

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_OWNER_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  SEED_ON_START: z.stringbool().default(true),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  BODY_LIMIT: byteSize.default('1mb'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  PUBLIC_BASE_URL: httpUrl.optional(),
  ORGANIZATION_NAME: z.string().min(1).max(200).default('Fact-check desk'),
  ORGANIZATION_URL: httpUrl.optional(),
  REVIEW_LANGUAGE: z.string().min(2).max(35).default('en'),
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(600),
  RATE_LIMIT_STORE: z.enum(['memory', 'postgres']).default('memory'),
  METRICS_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{32,200}$/, 'must be 32 to 200 letters, digits, - or _').optional(),
});

export type Config = Readonly<{
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database:
    /** `ownerUrl`: the role that owns the schema and runs migrations; `url`: the service's own, lesser role. */
    | { kind: 'postgres'; url: string; poolSize: number; ownerUrl?: string }
    | { kind: 'embedded'; dataDir: string };
  seedOnStart: boolean;
  logLevel: (typeof logLevels)[number];
  bodyLimit: string;
  shutdownTimeoutMs: number;
  /** The public site: fact-check and feed URLs start here (when unset, from the request's host). */
  publicBaseUrl: string | undefined;
  /** The organisation that authors the fact-checks (ClaimReview author). */
  organization: { name: string; url: string | undefined };
  /** The language the fact-checks are written in (BCP 47). */
  reviewLanguage: string;
  /** Requests per minute per client on public routes, counted in this process or in PostgreSQL. */
  publicRateLimit: { perMinute: number; store: 'memory' | 'postgres' };
  /** A bearer token that reads GET /metrics and nothing else (for a scraper); admins' tokens read it too. */
  metricsToken: string | undefined;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once; a wrong value stops start-up with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((key) => (env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]])),
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
      : { kind: 'embedded' as const, dataDir: values.PGLITE_DATA_DIR },
    seedOnStart: values.SEED_ON_START,
    logLevel: values.LOG_LEVEL,
    bodyLimit: values.BODY_LIMIT,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    publicBaseUrl: values.PUBLIC_BASE_URL,
    organization: { name: values.ORGANIZATION_NAME, url: values.ORGANIZATION_URL },
    reviewLanguage: values.REVIEW_LANGUAGE,
    publicRateLimit: { perMinute: values.PUBLIC_RATE_LIMIT, store: values.RATE_LIMIT_STORE },
    metricsToken: values.METRICS_TOKEN,
  });
}
