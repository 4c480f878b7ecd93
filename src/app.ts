import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { articleStatusRouter } from './articles/article-status.routes';
import { articlesRouter } from './articles/articles.routes';
import { apiLimits } from './auth/api-limits';
import { authenticate } from './auth/authenticate';
import { deskRouter } from './desk/desk.routes';
import { factCheckRoute, undecodableFactCheckId } from './fact-checks/fact-checks.routes';
import { feedRoute } from './feed/feed.routes';
import type { PublicCache } from './public-cache/public-cache';
import { PostgresRateLimitStore, publicRateLimit } from './public-cache/rate-limit';
import { siteResolver } from './public-cache/public-site';
import { evidenceRouter } from './evidence/evidence.routes';
import { historyRouter } from './history/history.routes';
import { ratingsRouter } from './ratings/ratings.routes';
import { usersRouter } from './users/users.routes';
import { workflowRouter } from './workflow/workflow.routes';
import { articleClaimsRouter, claimsRouter } from './claims/claims.routes';
import type { Config } from './config/config';
import type { Database } from './database/database';
import { problemHandler, routeNotFound } from './errors/error-handler';
import { problemsRouter } from './errors/problems.routes';
import { healthRouter } from './health/health.routes';
import { jsonBody } from './http/json-body';
import { compressResponses } from './http/compression';
import { requestLogger } from './http/logging';
import { methodNotAllowed } from './http/method-not-allowed';
import { publicCors } from './http/public-cors';
import { noStore, securityHeaders } from './http/security-headers';
import { routes } from './openapi/routes';
import { docsRouter, openApiRouter } from './openapi/openapi.routes';
import { createMetrics } from './metrics/metrics';
import { metricsRouter } from './metrics/metrics.routes';
import { assetsRouter, webRouter } from './web/web.routes';
import { LiveHub } from './live/live-hub';

/** What anyone may read from any origin: the public face and the API's description. */
const publicCorsPaths = ['/feed.json', '/fact-checks', '/openapi.json'];
const isPublicCorsPath = (path: string): boolean => publicCorsPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

export type AppDeps = { config: Config; db: Database; logger: Logger; publicCache: PublicCache; liveHub?: LiveHub };

/** The HTTP application, without listening: the entry point and the tests both build it here. */
export function createApp({ config, db, logger, publicCache, liveHub = new LiveHub() }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // No automatic weak ETags: hashing every JSON body cost a tenth of a claim list's time. Claims carry
  // their version as a strong ETag, the public pages one of their own; nothing else promises a 304.
  app.set('etag', false);
  // Whose X-Forwarded-For/-Proto/-Host to believe (req.ip for the rate limit, req.protocol and req.host
  // for the public URLs): by default nobody's, so a client cannot pick the address it is counted as.
  app.set('trust proxy', config.trustProxy);
  const metrics = createMetrics(db, publicCache);
  app.use(requestLogger(logger, metrics.observeRequest));
  app.use(securityHeaders());

  // Public, cached, hot: first, before anything GETs do not need.
  const data = db.dataSource;
  const siteFor = siteResolver(config);
  const { perMinute, store } = config.publicRateLimit;
  // Preflights included: conditional requests (If-None-Match) from a browser script are not "simple".
  app.use(publicCorsPaths, publicCors);
  const limited = publicRateLimit(perMinute, store === 'postgres' ? new PostgresRateLimitStore(data) : undefined, logger);
  app.get('/feed.json', limited, feedRoute(data, publicCache, siteFor));
  app.get('/fact-checks/:id', limited, factCheckRoute(data, publicCache, siteFor));
  app.use('/fact-checks', undecodableFactCheckId);
  // Everything else of 1 kB or more compressed per response (the public pages above are compressed when cached).
  app.use(compressResponses());
  // The API's description: fixed at start-up, served from memory and node_modules, so not rate-limited.
  app.use('/openapi.json', openApiRouter(siteFor));
  app.use('/docs', docsRouter());
  app.use('/api/v1', noStore);

  // The API reads a body only once the token is known and within its limit: an anonymous megabyte costs a 401.
  const parseJson = jsonBody(config.bodyLimit);
  const limits = apiLimits(config, data);
  const api = express.Router();
  api.use(limits.refuseBlockedClients, authenticate(data), limits.countFailedAuthentication, limits.perToken, parseJson);
  api.use('/articles', articlesRouter(data));
  api.use('/articles/:id/claims', articleClaimsRouter(data));
  api.use('/articles/:id/status', articleStatusRouter(data));
  api.use('/claims/:id/evidence', evidenceRouter(data, config.evidencePerClaimMax));
  api.use('/claims/:id/history', historyRouter(data));
  api.use('/claims/:id/transitions', workflowRouter(data));
  api.use('/claims', claimsRouter(data));
  api.use('/desk', deskRouter(data));
  api.use('/ratings', ratingsRouter(data));
  api.use('/', usersRouter(data));
  app.use('/api/v1', api);

  // The browser's pages, on the same services as the API.
  app.use(assetsRouter());
  app.use(webRouter({ config, db: data, logger, liveHub }));

  app.use(parseJson);
  app.use('/health', healthRouter(db));
  app.use('/metrics', metricsRouter(metrics.registry, data, config.metricsToken));
  app.use('/problems', problemsRouter());

  app.use(methodNotAllowed(routes, isPublicCorsPath));
  app.use(routeNotFound);
  app.use(problemHandler(logger));
  return app;
}
