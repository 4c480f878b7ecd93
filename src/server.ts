import type { AddressInfo, Socket } from 'node:net';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Express } from 'express';
import { assembleApp } from './app';
import { withFastPath } from './public-cache/fast-path';
import { announceFirstRun } from './password-links/first-run';
import { answerClientError } from './errors/client-error';
import { defaultPublicCacheLimits, PublicCache } from './public-cache/public-cache';
import { announcedHere, onPublicChangeCommitted, publicationsChannel } from './public-cache/publications';
import type { Config } from './config/config';
import type { Database } from './database/database';
import { DeliveryWorker } from './webhooks/delivery-worker';
import { setWebhookSite } from './webhooks/outbox';
import { webhookSite } from './webhooks/webhook-site';

/** `app` is the Express app alone, without the fast path in front of it (the tests compare the two). */
export type RunningServer = { server: Server; port: number; app: Express; publicCache: PublicCache; liveHub: LiveHub; stop: (reason: string) => Promise<void> };
import { LiveHub } from './live/live-hub';

/** Listens, and knows how to stop cleanly: refuse new connections, finish in-flight requests, close the database. */
export async function startServer(config: Config, db: Database, logger: Logger): Promise<RunningServer> {
  const publicCache = new PublicCache({ ...defaultPublicCacheLimits, maxBytes: config.publicCacheMaxBytes });
  // Another instance's publish or correction reaches this cache through PostgreSQL NOTIFY…
  const unsubscribe = await db.subscribe(publicationsChannel, (payload) => {
    if (!announcedHere(db.dataSource, payload)) publicCache.invalidate(`announced: ${payload}`);
  });
  // …and this instance's own at once, when they commit: their NOTIFY echo comes later and is ignored.
  const forgetOwnPublications = onPublicChangeCommitted(db.dataSource, () => publicCache.invalidate('committed here'));
  // Claim moves from any instance (embedded: this process) to the open pages' event streams.
  const liveHub = new LiveHub();
  const unsubscribeLive = await db.subscribe(liveHub.channel, liveHub.onNotification);
  const { app, fastPath } = assembleApp({ config, db, logger, publicCache, liveHub });
  const server = createServer(serverOptions(config.server), withFastPath(app, fastPath));
  server.keepAliveTimeout = config.server.keepAliveTimeoutMs;
  server.maxConnections = config.server.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') logger.info({ code: error.code }, 'client too slow: connection cut off');
    answerClientError(error, socket);
  });
  server.on('drop', throttledDropWarning(logger));
  const port = (server.address() as AddressInfo).port;
  setWebhookSite(db.dataSource, webhookSite(config, port));
  const webhooks = config.webhooks.worker ? new DeliveryWorker(db, config.webhooks, logger) : undefined;
  await webhooks?.start();
  await announceFirstRun(db.dataSource, config, port, logger);
  // Keep-alive clients would go on sending requests on their open connections until the shutdown timeout
  // cut them off: once stopping, every response, in flight or new, closes its connection.
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  server.prependListener('request', (_request, response: ServerResponse) => {
    if (draining) {
      response.setHeader('connection', 'close');
      return;
    }
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  let stopping: Promise<void> | undefined;
  const stop = (reason: string) =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'stopping: no new connections, finishing requests in flight');
      draining = true;
      liveHub.close();
      for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        logger.warn('requests still running after the shutdown timeout; closing their connections');
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      await closed;
      clearTimeout(timer);
      // Deliveries in flight are sent and recorded; none is claimed after this.
      await webhooks?.stop();
      forgetOwnPublications();
      await unsubscribe();
      await unsubscribeLive();
      await db.close();
      logger.info('stopped');
    })());
  return { server, port, app, publicCache, liveHub, stop };
}

/**
 * Node checks its headers and request timeouts only every `connectionsCheckingInterval` (30 s by
 * default): a quarter of the shorter timeout, at most 1 s, makes a slow client's cut-off come in seconds.
 */
function serverOptions(limits: Config['server']) {
  const shorter = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(shorter / 4))),
  };
}

/** Connections over MAX_CONNECTIONS are closed at once; say so at most every 10 s, with how many. */
function throttledDropWarning(logger: Logger): () => void {
  let dropped = 0;
  let lastWarning = 0;
  return () => {
    dropped += 1;
    if (Date.now() - lastWarning < 10_000) return;
    logger.warn({ dropped }, 'connection cap (MAX_CONNECTIONS) reached: connections closed');
    lastWarning = Date.now();
    dropped = 0;
  };
}
