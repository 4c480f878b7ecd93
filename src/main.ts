import { performance } from 'node:perf_hooks';
import { Article } from './articles/article.entity';
import { ConfigError, loadConfig } from './config/config';
import { openDatabase } from './database/database';
import { EmbeddedDatabaseLockedError } from './database/embedded';
import { ServiceRoleError } from './database/privileges';
import { guardServiceRole, migrateAndGrant } from './database/service-role';
import { createLogger } from './http/logging';
import { seed } from './seed/seed';
import { startServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabase(config.database);
  const applied = await migrateAndGrant(db, config.database);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  await guardServiceRole(db, config.database, logger);
  // A newcomer's embedded database gets the shipped articles, even if people were added first.
  if (db.kind === 'embedded' && config.seedOnStart && !(await db.dataSource.manager.exists(Article))) {
    logger.info(await seed(db.dataSource), 'new embedded database seeded with the shipped articles');
  }
  const running = await startServer(config, db, logger);
  logger.info(
    { host: config.host, port: running.port, database: db.kind, startupMs: Math.round(performance.now()) },
    'claim tracker listening',
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running.stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  const expected =
    error instanceof ConfigError || error instanceof EmbeddedDatabaseLockedError || error instanceof ServiceRoleError;
  console.error(expected ? (error as Error).message : error);
  process.exit(1);
});
