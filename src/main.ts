import { performance } from 'node:perf_hooks';
import { Article } from './articles/article.entity';
import net from 'node:net';
import { loadConfig, type Config } from './config/config';
import { openDatabase } from './database/database';
import { guardServiceRole, migrateAndGrant } from './database/service-role';
import { createLogger } from './http/logging';
import { seed } from './seed/seed';
import { startServer } from './server';
import { explainStartupFailure } from './startup-errors';

let config: Config | undefined;

async function main(): Promise<void> {
  config = loadConfig();
  const logger = createLogger(config);
  await portIsFree(config);
  const db = await openDatabase(config.database);
  if (db.created && config.database.kind === 'embedded') logger.info({ dataDir: config.database.dataDir }, 'new embedded database created');
  const applied = await migrateAndGrant(db, config.database);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  await guardServiceRole(db, config.database, logger);
  // A newcomer's embedded database gets the shipped articles, even if people were added first.
  if (db.kind === 'embedded' && config.seedOnStart && !(await db.dataSource.manager.exists(Article))) {
    logger.info(await seed(db.dataSource), 'new embedded database seeded with the shipped articles');
  }
  const running = await startServer(config, db, logger);
  if (config.database.kind === 'embedded' && config.database.localSocket?.enabled && db.serveLocalClients) {
    const socket = await db.serveLocalClients(config.database.localSocket.turnTimeoutMs);
    if (socket) logger.info({ socket }, 'embedded database open to local clients (psql -h <data dir>, npm run cli)');
    else logger.warn('the data directory path is too long for a Unix socket: the CLI and psql cannot reach the database while the server runs');
  }
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

/** A port in use is said before the database is opened, not after the whole start. */
function portIsFree({ port, host }: Config): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

main().catch((error: unknown) => {
  console.error(explainStartupFailure(error, config) ?? error);
  process.exit(1);
});
