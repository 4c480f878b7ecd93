import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { problemLogged } from '../errors/error-handler';
import { ErrorPage } from './error.page';
import type { MessageKey } from './i18n/i18n';
import { pageContext } from './page-context';
import { sendPage } from './render';
import { PageRefusal } from './session';

const refusalPages: Record<PageRefusal['kind'], { title: MessageKey; body: MessageKey }> = {
  'signed-out': { title: 'login.title', body: 'error.forbidden.body' },
  forbidden: { title: 'error.forbidden.title', body: 'error.forbidden.body' },
  csrf: { title: 'error.csrf.title', body: 'error.csrf.body' },
  'not-found': { title: 'error.notFound.title', body: 'error.notFound.body' },
};

/** On page routes a failure is a page in the person's language, with the same status and text the API would give. */
export const pageErrorHandler =
  (logger: Logger, config: Config): ErrorRequestHandler =>
  (error, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const ctx = pageContext(req, config);
    if (error instanceof PageRefusal) {
      sendPage(res, <ErrorPage ctx={ctx} {...refusalPages[error.kind]} />, error.status);
      return;
    }
    const problem = problemLogged(logger, error, req, res);
    if (problem.status === 404) {
      sendPage(res, <ErrorPage ctx={ctx} title="error.notFound.title" body="error.notFound.body" />, 404);
    } else if (problem.status >= 500) {
      sendPage(res, <ErrorPage ctx={ctx} title="error.generic.title" body="error.fault.body" />, problem.status);
    } else {
      sendPage(res, <ErrorPage ctx={ctx} title="error.generic.title" body="error.generic.body" detail={problem.detail ?? problem.message} />, problem.status);
    }
  };
