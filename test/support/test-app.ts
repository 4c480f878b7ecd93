import type { Express } from 'express';
import type { DestinationStream } from 'pino';
import supertest from 'supertest';
import { loadConfig, type Config } from '../../src/config/config';
import { openDatabase, type Database } from '../../src/database/database';
import { createLogger } from '../../src/http/logging';
import type { PublicCache } from '../../src/public-cache/public-cache';
import { startServer } from '../../src/server';
import type { LiveHub } from '../../src/live/live-hub';
import type { Role } from '../../src/users/role';
import { createUser } from '../../src/users/users.service';
import { ownDatabase, removeOwnDatabase, testDatabaseConfig } from './databases';
import { uniqueToken } from './factories';

/** `token` works at once: made by the operator's path (the CLI's), recorded as issued via 'cli'. */
export type TestUser = { id: string; name: string; role: Role; token: string; tokenId: string; api: supertest.Agent };

export type TestApp = {
  /** supertest bound to the running server (port 0), signed in as an editor. */
  api: supertest.Agent;
  /** The editor's bearer token that `api` sends. */
  token: string;
  /** supertest with no token at all. */
  anonymous: supertest.Agent;
  db: Database;
  config: Config;
  baseUrl: string;
  /** The server's cache of public responses (its hit and miss counters show what was served from it). */
  publicCache: PublicCache;
  /** The server's Express app alone, without the fast path for cached public reads in front of it. */
  express: Express;
  /** The open /events streams of the server. */
  liveHub: LiveHub;
  /** A new person with this role and a client signed in as them. */
  user: (role: Role) => Promise<TestUser>;
  close: () => Promise<void>;
};

/**
 * The real app on a real database: PostgreSQL with DATABASE_URL, else a private embedded copy.
 * `logTo` receives the log lines (set `logLevel` in the overrides to have any). `ownDatabase`: on
 * PostgreSQL too, a database no other test file uses (dropped at close) — for a test that locks a table
 * or writes behind the API's back, which would stall or mislead the other files on the shared one.
 */
export async function startTestApp(
  overrides: Partial<Config> = {},
  { logTo, ownDatabase: own = false }: { logTo?: DestinationStream; ownDatabase?: boolean } = {},
): Promise<TestApp> {
  const loaded = loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', NODE_ENV: 'test' });
  const config: Config = {
    ...loaded,
    port: 0,
    database: overrides.database ?? (own ? await ownDatabase(10) : testDatabaseConfig()),
    // The suite sends many requests with one token and many bad tokens; test/auth/api-limits sets small limits.
    apiRateLimit: { perTokenPerMinute: 10_000_000, authFailuresPerMinute: 10_000_000 },
    // Apps of other test files share a PostgreSQL database: only test/webhooks runs delivery workers.
    webhooks: { ...loaded.webhooks, worker: false },
    ...overrides,
  };
  const db = await openDatabase(config.database);
  const running = await startServer(config, db, createLogger(config, logTo));
  const baseUrl = `http://127.0.0.1:${running.port}`;
  const user = async (role: Role): Promise<TestUser> => {
    const { user: created, token, secret } = await createUser(db.dataSource.manager, { name: `${role}-${uniqueToken()}`, role });
    const api = supertest.agent(baseUrl).set('Authorization', `Bearer ${secret}`);
    return { id: created.id, name: created.name, role, token: secret, tokenId: token.id, api };
  };
  const editor = await user('editor');
  return {
    api: editor.api,
    token: editor.token,
    anonymous: supertest.agent(baseUrl),
    db,
    config,
    baseUrl,
    publicCache: running.publicCache,
    express: running.app,
    liveHub: running.liveHub,
    user,
    close: async () => {
      await running.stop('test finished');
      await removeOwnDatabase(config.database);
    },
  };
}
