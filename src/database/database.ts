import 'reflect-metadata';
import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { PublicRecordSubscriber } from '../public-cache/publications';
import type { Config } from '../config/config';
import { openEmbedded } from './embedded';
import { subscribePostgres } from './notifications';
import { entities } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export type DatabaseKind = 'embedded' | 'postgres';

export type Database = {
  kind: DatabaseKind;
  dataSource: DataSource;
  /** An embedded database this open created in an empty data directory. */
  created: boolean;
  /** Embedded only: lets psql and the CLI in while this process holds the database (see embedded-socket.ts). */
  serveLocalClients?: (turnTimeoutMs: number) => Promise<string | undefined>;
  /** Calls `onMessage` for each NOTIFY on `channel`, from any process; resolves to an unsubscribe. */
  subscribe: (channel: string, onMessage: (payload: string) => void) => Promise<() => Promise<void>>;
  close: () => Promise<void>;
};

const commonOptions = {
  type: 'postgres',
  entities,
  migrations,
  subscribers: [PublicRecordSubscriber],
  migrationsTableName: 'schema_migrations',
  migrationsTransactionMode: 'each',
  namingStrategy: new SnakeNamingStrategy(),
  uuidExtension: 'pgcrypto',
  synchronize: false,
  migrationsRun: false,
  logging: false,
} as const satisfies Partial<DataSourceOptions>;

/** Connects to PostgreSQL when DATABASE_URL is set, otherwise to PGlite on disk. */
export async function openDatabase(database: Config['database']): Promise<Database> {
  if (database.kind === 'postgres') {
    const dataSource = new DataSource({ ...commonOptions, url: database.url, poolSize: database.poolSize });
    await dataSource.initialize();
    return {
      kind: 'postgres',
      dataSource,
      created: false,
      subscribe: (channel, onMessage) => subscribePostgres(database.url, channel, onMessage),
      close: () => dataSource.destroy(),
    };
  }
  const embedded = await openEmbedded(database.dataDir);
  // PGlite's own node-postgres adapter with our instance: one connection, so a transaction holds it alone.
  const dataSource = new DataSource({ ...commonOptions, poolSize: 1, extra: createPgConfig(embedded.session as PGlite) });
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded.close();
    throw error;
  }
  return {
    kind: 'embedded',
    dataSource,
    created: embedded.created,
    serveLocalClients: embedded.serveLocalClients,
    subscribe: async (channel, onMessage) => {
      const unsubscribe = await embedded.pglite.listen(channel, onMessage);
      return () => unsubscribe();
    },
    close: async () => {
      try {
        await dataSource.destroy();
      } finally {
        await embedded.close();
      }
    },
  };
}
