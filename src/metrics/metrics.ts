import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Database } from '../database/database';
import type { RequestObserver } from '../http/logging';
import type { PublicCache } from '../public-cache/public-cache';
import { RequestMetrics } from './request-metrics';
import { routeLabeller } from './route-label';
import { registerWebhookMetrics } from './webhook-metrics';

/** From a cached public read (well under a millisecond) to a slow write or a stalled database. */
const durationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What node-postgres' Pool shows of itself (TypeORM keeps it as `driver.master`, for PGlite too). */
type PgPool = { totalCount: number; idleCount: number; waitingCount: number; options?: { max?: number } };

export type Metrics = {
  /** This app's own registry: several apps in one process (the tests) must not share counters. */
  registry: Registry;
  /** Counts a finished request by method, route pattern and status, with its duration (the request log times it). */
  observeRequest: RequestObserver;
};

export function createMetrics(db: Database, publicCache: PublicCache): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new RequestMetrics(durationBuckets);
  requests.register(registry);

  const pool = (): PgPool | undefined => (db.dataSource.isInitialized ? (db.dataSource.driver as { master?: PgPool }).master : undefined);
  const poolGauge = (name: string, help: string, read: (pool: PgPool) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers,
      labelNames: ['database'],
      collect() {
        const current = pool();
        const value = current ? read(current) : undefined;
        if (value !== undefined) this.set({ database: db.kind }, value);
      },
    });
  poolGauge('db_pool_connections_max', 'Connections the pool may open (1 for the embedded database).', (p) => p.options?.max);
  poolGauge('db_pool_connections_open', 'Connections open now, busy or idle.', (p) => p.totalCount);
  poolGauge('db_pool_connections_idle', 'Open connections not lent out.', (p) => p.idleCount);
  poolGauge('db_pool_waiting_queries', 'Queries waiting for a connection: above zero, the pool is the bottleneck.', (p) => p.waitingCount);

  // The cache keeps its own counts; they are read when scraped, costing the hot path nothing.
  new Counter({ name: 'public_cache_hits_total', help: 'Public responses served from the in-memory cache (the feed and fact-check pages).', registers, collect() {
    this.reset();
    this.inc(publicCache.hits);
  } });
  new Counter({ name: 'public_cache_misses_total', help: 'Public responses rendered from the database because they were not cached.', registers, collect() {
    this.reset();
    this.inc(publicCache.misses);
  } });
  new Gauge({ name: 'public_cache_entries', help: 'Rendered public responses held in memory.', registers, collect() {
    this.set(publicCache.size);
  } });
  new Gauge({ name: 'public_cache_bytes', help: 'Bytes of the rendered public responses held (bodies, headers, keys), within PUBLIC_CACHE_MAX_BYTES.', registers, collect() {
    this.set(publicCache.bytes);
  } });

  registerWebhookMetrics(registry, db);

  const routeOf = routeLabeller();
  const observeRequest: RequestObserver = (method, url, status, seconds) => requests.record(method, routeOf(method, url), status, seconds);

  return { registry, observeRequest };
}
