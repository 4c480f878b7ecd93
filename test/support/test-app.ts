import supertest from 'supertest';
import { loadConfig, type Config } from '../../src/config/config';
import { openDatabase, type Database } from '../../src/database/database';
import { createLogger } from '../../src/http/logging';
import { startServer } from '../../src/server';
import { removeEmbeddedCopy, testDatabaseConfig } from './databases';

export type TestApp = {
  /** supertest bound to the running server (listening on port 0). */
  api: supertest.Agent;
  db: Database;
  config: Config;
  baseUrl: string;
  close: () => Promise<void>;
};

/** The real app on a real database: PostgreSQL with DATABASE_URL, else a private embedded copy. */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', NODE_ENV: 'test' }),
    port: 0,
    database: testDatabaseConfig(),
    ...overrides,
  };
  const db = await openDatabase(config.database);
  const running = await startServer(config, db, createLogger(config));
  const baseUrl = `http://127.0.0.1:${running.port}`;
  return {
    api: supertest.agent(baseUrl),
    db,
    config,
    baseUrl,
    close: async () => {
      await running.stop('test finished');
      removeEmbeddedCopy(config.database);
    },
  };
}
