import path from 'node:path';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { verifySameOrigin } from './csrf';
import { pageErrorHandler } from './page-errors';
import { isPagePath } from './page-paths';
import { loadSession, readCookies } from './session';
import { sessionRoutes } from './session.routes';
import { articlePages } from '../articles/articles.pages';
import { claimPages } from '../claims/claims.pages';
import { passwordLinkPages } from '../password-links/password-links.pages';
import { siteResolver } from '../public-cache/public-site';
import { usersPages } from '../users/users.pages';
import { deskPages } from '../desk/desk.pages';
import { eventsRoutes } from '../live/events.routes';
import type { LiveHub } from '../live/live-hub';

export type PageDeps = { config: Config; db: DataSource; logger: Logger; liveHub: LiveHub };

/** The stylesheet and the few scripts, beside this file in the source and in the build. */
export const assetsDirectory = path.join(__dirname, 'assets');

export const assetsRouter = (): Router =>
  Router().use('/assets', express.static(assetsDirectory, { index: false, maxAge: '1h', fallthrough: true, redirect: false }));

/**
 * The browser's pages: a session from the cookie, form bodies, the same-origin check on every post, and
 * errors as pages. Each resource's pages are mounted here, on the same services as its API routes.
 */
export function webRouter({ config, db, logger, liveHub }: PageDeps): Router {
  const router = Router();
  router.use((req, _res, next) => (isPagePath(req.path) ? next() : next('router')));
  router.use(readCookies, loadSession(db, config), verifySameOrigin(config));
  router.use(express.urlencoded({ extended: false, limit: config.bodyLimit, parameterLimit: 200 }));
  router.use(sessionRoutes(db, config));
  router.use(articlePages(db, config));
  router.use(claimPages(db, config));
  router.use(passwordLinkPages(db, config));
  router.use(usersPages(db, config, siteResolver(config)));
  router.use(eventsRoutes(db, liveHub));
  router.use(deskPages(db, config));
  router.use(pageErrorHandler(logger, config));
  return router;
}
