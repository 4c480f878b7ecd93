import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config';

/** loadConfig's failure, with the message a person starting the service would read. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('config', () => {
  it('when nothing is set, then the defaults run an embedded database on 127.0.0.1:3000', () => {
    assert.deepEqual(loadConfig({}), {
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      database: { kind: 'embedded', dataDir: './data/pglite', localSocket: { enabled: true, turnTimeoutMs: 15_000 } },
      seedOnStart: true,
      logLevel: 'info',
      bodyLimit: '1mb',
      importBodyLimit: 10 * 1024 ** 2,
      importConcurrency: 2,
      shutdownTimeoutMs: 10_000,
      server: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1000 },
      publicBaseUrl: undefined,
      publicHosts: [],
      publicCacheMaxBytes: 32 * 1024 * 1024,
      trustProxy: false,
      organization: { name: 'Fact-check desk', url: undefined },
      reviewLanguage: 'en',
      publicRateLimit: { perMinute: 600, store: 'memory' },
      apiRateLimit: { perTokenPerMinute: 600, authFailuresPerMinute: 30 },
      metricsToken: undefined,
      evidencePerClaimMax: 200,
      session: { idleMinutes: 480, maxHours: 168 },
      deskTimeZone: 'UTC',
      signInLimit: { perAccount: 10, accountWindowMinutes: 15, perClientPerMinute: 30 },
      similarity: { timeoutMs: 1500, concurrency: 2 },
      exports: { concurrency: 4, idleTimeoutMs: 60000 },
      webhooks: {
        worker: true,
        allowPrivateTargets: false,
        pollMs: 5_000,
        batchSize: 10,
        timeoutMs: 10_000,
        leaseMs: 60_000,
        retryBaseMs: 60_000,
        retryMaxDelayMs: 6 * 3_600_000,
        maxAttempts: 15,
        disableAfterMs: 3 * 86_400_000,
        secretOverlapMs: 86_400_000,
      },
    });
  });

  it('when variables are set, then they are used, and empty ones count as unset', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      PGLITE_DATA_DIR: '/var/lib/claims',
      PGLITE_SOCKET: 'false',
      PGLITE_SOCKET_TURN_TIMEOUT_MS: '2000',
      SEED_ON_START: 'false',
      LOG_LEVEL: 'warn',
      BODY_LIMIT: '512kb',
      IMPORT_BODY_LIMIT: '2mb',
      SHUTDOWN_TIMEOUT_MS: '2500',
      HEADERS_TIMEOUT_MS: '5000',
      REQUEST_TIMEOUT_MS: '20000',
      KEEP_ALIVE_TIMEOUT_MS: '65000',
      MAX_CONNECTIONS: '200',
      DATABASE_URL: '',
      PUBLIC_BASE_URL: 'https://factcheck.example.id/',
      PUBLIC_CACHE_MAX_BYTES: '8mb',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      ORGANIZATION_NAME: 'Cek Fakta Desk',
      ORGANIZATION_URL: 'https://factcheck.example.id',
      REVIEW_LANGUAGE: 'id',
      PUBLIC_RATE_LIMIT: '120',
      RATE_LIMIT_STORE: 'postgres',
      API_RATE_LIMIT: '1200',
      AUTH_FAILURE_LIMIT: '10',
      METRICS_TOKEN: 'scraper-0123456789abcdef0123456789abcdef',
      EVIDENCE_PER_CLAIM_MAX: '50',
      SESSION_IDLE_MINUTES: '30',
      SESSION_MAX_HOURS: '12',
      DESK_TIME_ZONE: 'Asia/Jakarta',
      SIGN_IN_ACCOUNT_LIMIT: '5',
      SIGN_IN_ACCOUNT_WINDOW_MINUTES: '60',
      SIGN_IN_CLIENT_LIMIT: '100',
      SIMILAR_TIMEOUT_MS: '800',
      SIMILAR_CONCURRENCY: '4',
      EXPORT_CONCURRENCY: '1',
      IMPORT_CONCURRENCY: '3',
      EXPORT_IDLE_TIMEOUT_MS: '5000',
      WEBHOOK_WORKER: 'false',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_POLL_MS: '250',
      WEBHOOK_BATCH_SIZE: '5',
      WEBHOOK_TIMEOUT_MS: '3000',
      WEBHOOK_LEASE_MS: '9000',
      WEBHOOK_RETRY_BASE_MS: '1000',
      WEBHOOK_RETRY_MAX_DELAY_MS: '60000',
      WEBHOOK_MAX_ATTEMPTS: '4',
      WEBHOOK_DISABLE_AFTER_MS: '3600000',
      WEBHOOK_SECRET_OVERLAP_MS: '0',
    });
    assert.deepEqual(config, {
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 8080,
      database: { kind: 'embedded', dataDir: '/var/lib/claims', localSocket: { enabled: false, turnTimeoutMs: 2000 } },
      seedOnStart: false,
      logLevel: 'warn',
      bodyLimit: '512kb',
      importBodyLimit: 2 * 1024 ** 2,
      importConcurrency: 3,
      shutdownTimeoutMs: 2500,
      server: { headersTimeoutMs: 5000, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 65_000, maxConnections: 200 },
      publicBaseUrl: 'https://factcheck.example.id',
      publicHosts: [],
      publicCacheMaxBytes: 8 * 1024 * 1024,
      trustProxy: ['loopback', '10.0.0.0/8'],
      organization: { name: 'Cek Fakta Desk', url: 'https://factcheck.example.id' },
      reviewLanguage: 'id',
      publicRateLimit: { perMinute: 120, store: 'postgres' },
      apiRateLimit: { perTokenPerMinute: 1200, authFailuresPerMinute: 10 },
      metricsToken: 'scraper-0123456789abcdef0123456789abcdef',
      evidencePerClaimMax: 50,
      session: { idleMinutes: 30, maxHours: 12 },
      deskTimeZone: 'Asia/Jakarta',
      signInLimit: { perAccount: 5, accountWindowMinutes: 60, perClientPerMinute: 100 },
      similarity: { timeoutMs: 800, concurrency: 4 },
      exports: { concurrency: 1, idleTimeoutMs: 5000 },
      webhooks: {
        worker: false,
        allowPrivateTargets: true,
        pollMs: 250,
        batchSize: 5,
        timeoutMs: 3000,
        leaseMs: 9000,
        retryBaseMs: 1000,
        retryMaxDelayMs: 60_000,
        maxAttempts: 4,
        disableAfterMs: 3_600_000,
        secretOverlapMs: 0,
      },
    });
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.webhooks));
  });

  it('when DATABASE_URL is a postgres URL, then the service uses PostgreSQL with the pool size', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://app@db.internal:5432/claims', PGLITE_DATA_DIR: '/ignored' }).database, {
      kind: 'postgres',
      url: 'postgres://app@db.internal:5432/claims',
      poolSize: 10,
    });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgresql://localhost/claims', DATABASE_POOL_SIZE: '3' }).database, {
      kind: 'postgres',
      url: 'postgresql://localhost/claims',
      poolSize: 3,
    });
  });

  it('when DATABASE_OWNER_URL is set beside DATABASE_URL, then migrations get the owner and the pool keeps the service role', () => {
    assert.deepEqual(
      loadConfig({ DATABASE_URL: 'postgres://app@db/claims', DATABASE_OWNER_URL: 'postgres://owner@db/claims' }).database,
      { kind: 'postgres', url: 'postgres://app@db/claims', poolSize: 10, ownerUrl: 'postgres://owner@db/claims' },
    );
    assert.match(configError({ DATABASE_OWNER_URL: 'postgres://owner@db/claims' }).message, /DATABASE_OWNER_URL: needs DATABASE_URL/);
    assert.match(
      configError({ DATABASE_URL: 'postgres://app@db/claims', DATABASE_OWNER_URL: 'mysql://root@db/claims' }).message,
      /DATABASE_OWNER_URL: must be a postgres/,
    );
  });

  it('when a value is invalid, then start-up stops with a message naming that variable', () => {
    const cases: Array<[variable: string, value: string]> = [
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['DATABASE_URL', 'mysql://root@localhost/claims'],
      ['DATABASE_URL', 'not a url'],
      ['SEED_ON_START', 'maybe'],
      ['LOG_LEVEL', 'loud'],
      ['BODY_LIMIT', 'huge'],
      ['DATABASE_POOL_SIZE', '0'],
      ['NODE_ENV', 'staging'],
      ['PUBLIC_BASE_URL', 'ftp://files.example'],
      ['ORGANIZATION_URL', 'example.org'],
      ['PUBLIC_RATE_LIMIT', '0'],
      ['RATE_LIMIT_STORE', 'redis'],
      ['API_RATE_LIMIT', '0'],
      ['AUTH_FAILURE_LIMIT', 'many'],
      ['METRICS_TOKEN', 'too-short'],
      ['DESK_TIME_ZONE', 'Mars/Olympus_Mons'],
      ['SESSION_IDLE_MINUTES', '0'],
      ['SESSION_MAX_HOURS', 'forever'],
      ['METRICS_TOKEN', 'has spaces in it so it is not a bearer token'],
      ['HEADERS_TIMEOUT_MS', '0'],
      ['REQUEST_TIMEOUT_MS', '0'],
      ['KEEP_ALIVE_TIMEOUT_MS', '0'],
      ['MAX_CONNECTIONS', '0'],
      ['MAX_CONNECTIONS', 'many'],
      ['PUBLIC_CACHE_MAX_BYTES', 'lots'],
      ['PUBLIC_CACHE_MAX_BYTES', '10'],
      ['PUBLIC_HOSTS', 'https://news.example'],
      ['PUBLIC_HOSTS', 'news.example, news.example/feed'],
      ['TRUST_PROXY', 'true'],
      ['TRUST_PROXY', 'everyone'],
      ['TRUST_PROXY', '10.0.0.0/33'],
      ['EVIDENCE_PER_CLAIM_MAX', '0'],
      ['EVIDENCE_PER_CLAIM_MAX', 'many'],
      ['SIGN_IN_ACCOUNT_LIMIT', '0'],
      ['SIGN_IN_ACCOUNT_WINDOW_MINUTES', '1441'],
      ['SIGN_IN_CLIENT_LIMIT', 'lots'],
      ['SIMILAR_TIMEOUT_MS', '5'],
      ['SIMILAR_CONCURRENCY', '0'],
      ['EXPORT_CONCURRENCY', '0'],
      ['EXPORT_IDLE_TIMEOUT_MS', '10'],
    ];
    for (const [variable, value] of cases) {
      const error = configError({ [variable]: value });
      assert.equal(error.problems.length, 1, error.message);
      assert.match(error.problems[0]!, new RegExp(`^${variable}: `), `${variable}=${value}`);
      assert.match(error.message, new RegExp(`^Invalid configuration:\\n  - ${variable}: `));
    }
  });

  it('when HEADERS_TIMEOUT_MS exceeds REQUEST_TIMEOUT_MS, then start-up stops naming it (Node would refuse the server)', () => {
    const error = configError({ HEADERS_TIMEOUT_MS: '40000' });
    assert.deepEqual(error.problems, ['HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS']);
    assert.equal(loadConfig({ HEADERS_TIMEOUT_MS: '40000', REQUEST_TIMEOUT_MS: '40000' }).server.headersTimeoutMs, 40_000);
  });

  it('when WEBHOOK_LEASE_MS does not exceed WEBHOOK_TIMEOUT_MS, then start-up stops naming it (a lease could end mid-request)', () => {
    assert.deepEqual(configError({ WEBHOOK_TIMEOUT_MS: '60000' }).problems, ['WEBHOOK_LEASE_MS: must exceed WEBHOOK_TIMEOUT_MS']);
    assert.deepEqual(configError({ WEBHOOK_RETRY_BASE_MS: '0', WEBHOOK_MAX_ATTEMPTS: 'many' }).problems.length, 2);
  });

  it('when PUBLIC_HOSTS or TRUST_PROXY take their other forms, then the hosts are lower-cased and a hop count is a number', () => {
    const config = loadConfig({ PUBLIC_HOSTS: 'News.Example, fakta.example:8443', TRUST_PROXY: '2', PUBLIC_CACHE_MAX_BYTES: '65536' });
    assert.deepEqual(config.publicHosts, ['news.example', 'fakta.example:8443']);
    assert.equal(config.trustProxy, 2);
    assert.equal(config.publicCacheMaxBytes, 65_536);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    const both = configError({ PUBLIC_BASE_URL: 'https://news.example', PUBLIC_HOSTS: 'news.example' });
    assert.match(both.message, /PUBLIC_HOSTS: set PUBLIC_BASE_URL \(one site\) or PUBLIC_HOSTS \(several\), not both/);
  });

  it('when several values are invalid, then every one of them is named at once', () => {
    const error = configError({
      PORT: 'abc',
      DATABASE_URL: 'mysql://root@localhost/claims',
      SEED_ON_START: 'maybe',
      LOG_LEVEL: 'loud',
      BODY_LIMIT: 'huge',
    });
    const named = error.problems.map((problem) => problem.split(':')[0]).sort();
    assert.deepEqual(named, ['BODY_LIMIT', 'DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SEED_ON_START']);
    assert.match(error.message, /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    assert.match(error.message, /BODY_LIMIT: must be a size such as 512kb or 1mb/);
  });
});
