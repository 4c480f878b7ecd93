import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { articlesRouter } from './articles/articles.routes';
import { authenticate } from './auth/authenticate';
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

  const data = db.dataSource;
  const api = express.Router();
  api.use(authenticate(data));
  api.use('/articles', articlesRouter(data));
  api.use('/articles/:id/claims', articleClaimsRouter(data));
  api.use('/claims/:id/evidence', evidenceRouter(data));
  api.use('/claims/:id/history', historyRouter(data));
  api.use('/claims/:id/transitions', workflowRouter(data));
  api.use('/claims', claimsRouter(data));
  api.use('/ratings', ratingsRouter(data));
  api.use('/', usersRouter(data));
  app.use('/api/v1', api);

  app.use(routeNotFound);
  app.use(problemHandler);
  return app;
}
