import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { articlesRouter } from './articles/articles.routes';
import { articleClaimsRouter, claimsRouter } from './claims/claims.routes';
import type { Config } from './config/config';
import type { Database } from './database/database';
import { problemHandler, routeNotFound } from './errors/error-handler';
import { problemsRouter } from './errors/problems.routes';
import { healthRouter } from './health/health.routes';
import { jsonBody } from './http/json-body';
import { requestLogger } from './http/logging';

export type AppDeps = { config: Config; db: Database; logger: Logger };

/** The HTTP application, without listening: the entry point and the tests both build it here. */
export function createApp({ config, db, logger }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  app.use(jsonBody(config.bodyLimit));

  app.use('/health', healthRouter(db));
  app.use('/problems', problemsRouter());

  const api = express.Router();
  api.use('/articles', articlesRouter(db.dataSource));
  api.use('/articles/:id/claims', articleClaimsRouter(db.dataSource));
  api.use('/claims', claimsRouter(db.dataSource));
  app.use('/api/v1', api);

  app.use(routeNotFound);
  app.use(problemHandler);
  return app;
}
