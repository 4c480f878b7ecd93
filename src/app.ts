import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { articleStatusRouter } from './articles/article-status.routes';
import { articlesRouter } from './articles/articles.routes';
import { articleCandidatesRouter } from './candidates/candidates.routes';
import { apiLimits } from './auth/api-limits';
import { authenticate } from './auth/authenticate';
import { deskRouter } from './desk/desk.routes';
import { myClaimsRouter } from './desk/my-claims.routes';
import { factCheckPage, undecodableFactCheckId } from './fact-checks/fact-checks.routes';
import { feedPage } from './feed/feed.routes';
import { cachedRoute } from './public-cache/cached-route';
import { publicFastPath, type FastPath } from './public-cache/fast-path';
import { claimReviewFeedPage } from './feed/claim-review-feed';
import { factCheckSearchPage } from './fact-checks/fact-check-search.routes';
import { factCheckListPages } from './fact-checks/fact-checks.pages';
import { prefersHtml } from './fact-checks/representation';
import type { PublicCache } from './public-cache/public-cache';
import { PostgresRateLimitStore, publicRateLimit } from './public-cache/rate-limit';
import { siteResolver } from './public-cache/public-site';
import { evidenceRouter } from './evidence/evidence.routes';
import { exportSlots } from './exports/export-slots';
import { exportsRouter } from './exports/exports.routes';
import { historyRouter } from './history/history.routes';
import { importSlots } from './imports/import-slots';
import { importsRouter } from './imports/imports.routes';
import { ratingsRouter } from './ratings/ratings.routes';
import { usersRouter } from './users/users.routes';
import { webhooksRouter } from './webhooks/webhooks.routes';
import { workflowRouter } from './workflow/workflow.routes';
import { similarRouter } from './similar/similar.routes';
import { similarityGate } from './similar/similarity-budget';
import { articleClaimsRouter, claimsRouter } from './claims/claims.routes';
import type { Config } from './config/config';
import type { Database } from './database/database';
import { problemHandler, routeNotFound } from './errors/error-handler';
import { problemsRouter } from './errors/problems.routes';
import { healthRouter } from './health/health.routes';
import { jsonBody } from './http/json-body';
import { compressResponses } from './http/compression';
import { requestLog, requestLogger } from './http/logging';
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
const publicCorsPaths = ['/feed.json', '/claimreview.jsonld', '/fact-checks', '/openapi.json'];
const isPublicCorsPath = (path: string): boolean => publicCorsPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

export type AppDeps = { config: Config; db: Database; logger: Logger; publicCache: PublicCache; liveHub?: LiveHub };

/** The HTTP application, without listening: the entry point and the tests both build it here. */
export function createApp(deps: AppDeps): Express {
  return assembleApp(deps).app;
}

/**
 * The app and the fast path in front of it for cached public reads (src/public-cache/fast-path.ts),
 * sharing one request log, rate limiter and cache. No fast path with the PostgreSQL rate-limit
 * store: its count is a query, which the fast path cannot wait for and still fall through.
 */
export function assembleApp({ config, db, logger, publicCache, liveHub = new LiveHub() }: AppDeps): { app: Express; fastPath: FastPath | undefined } {
  const app = express();
  app.disable('x-powered-by');
  // No automatic weak ETags: hashing every JSON body cost a tenth of a claim list's time. Claims carry
  // their version as a strong ETag, the public pages one of their own; nothing else promises a 304.
  app.set('etag', false);
  // Whose X-Forwarded-For/-Proto/-Host to believe (req.ip for the rate limit, req.protocol and req.host
  // for the public URLs): by default nobody's, so a client cannot pick the address it is counted as.
  app.set('trust proxy', config.trustProxy);
  const metrics = createMetrics(db, publicCache);
  const log = requestLog(logger, metrics.observeRequest);
  app.use(requestLogger(log));
  const security = securityHeaders();
  app.use(security);

  // Public, cached, hot: first, before anything GETs do not need.
  const data = db.dataSource;
  const siteFor = siteResolver(config);
  const { perMinute, store } = config.publicRateLimit;
  // Preflights included: conditional requests (If-None-Match) from a browser script are not "simple".
  app.use(publicCorsPaths, publicCors);
  const limited = publicRateLimit(perMinute, store === 'postgres' ? new PostgresRateLimitStore(data) : undefined, logger);
  const feed = feedPage(data, siteFor);
  const factCheck = factCheckPage(data, siteFor, config);
  app.get('/feed.json', limited, cachedRoute(publicCache, feed));
  app.get('/claimreview.jsonld', limited, cachedRoute(publicCache, claimReviewFeedPage(data, siteFor)));
  // The public pages: the same for everyone, from the same cache, without the session.
  const withinSimilarityBudget = similarityGate(data, db.kind, config.similarity);
  const publicPages = factCheckListPages({ db: data, cache: publicCache, siteFor, config, logger, withinSimilarityBudget });
  app.get('/', limited, ...publicPages.home);
  // "Has this been checked?": the search page for browsers, the similarity search as JSON for everyone else.
  const searchJson = cachedRoute(publicCache, factCheckSearchPage(siteFor, withinSimilarityBudget));
  // (A browser's request leaves this route for the next, the page, counted once by the limiter; errors stay in their own face.)
  const jsonOnly: RequestHandler = (req, _res, next) => next(prefersHtml(req) ? 'route' : undefined);
  app.get('/fact-checks', limited, jsonOnly, searchJson);
  app.get('/fact-checks', ...publicPages.search);
  app.get('/fact-checks/:id', limited, cachedRoute(publicCache, factCheck));
  app.use('/fact-checks', undecodableFactCheckId(config));
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
  api.use(limits.refuseBlockedClients, authenticate(data), limits.countFailedAuthentication, limits.perToken);
  // Reads its own body (JSON-LD feeds and HTML pages, larger than an API body), so it comes before the JSON parser.
  api.use('/imports', importsRouter(data, config.importBodyLimit, importSlots(config.importConcurrency)));
  api.use(parseJson);
  api.use('/articles', articlesRouter(data));
  api.use('/articles/:id/claims', articleClaimsRouter(data, withinSimilarityBudget));
  api.use('/articles/:id/status', articleStatusRouter(data));
  api.use('/articles/:id/candidates', articleCandidatesRouter(data));
  api.use('/claims/:id/evidence', evidenceRouter(data, config.evidencePerClaimMax));
  api.use('/claims/:id/history', historyRouter(data));
  api.use('/claims/:id/transitions', workflowRouter(data));
  api.use('/claims/:id/similar', similarRouter(data, withinSimilarityBudget));
  api.use('/claims', claimsRouter(data));
  api.use('/desk', deskRouter(data));
  api.use('/me/claims', myClaimsRouter(data));
  api.use('/exports', exportsRouter(data, exportSlots(config.exports.concurrency), config.exports.idleTimeoutMs));
  api.use('/ratings', ratingsRouter(data));
  api.use('/webhooks', webhooksRouter(data, config.webhooks));
  api.use('/', usersRouter(data, siteFor));
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
  const handleProblem = problemHandler(logger);
  app.use(handleProblem);
  const fastPath =
    store === 'memory'
      ? publicFastPath({
          app,
          cache: publicCache,
          feed,
          factCheck,
          log,
          headers: [...security.headers, ...publicCors.headers],
          limit: limited,
          publicHosts: config.publicHosts,
          fail: handleProblem,
        })
      : undefined;
  return { app, fastPath };
}
