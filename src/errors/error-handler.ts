import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ConnectionIsNotSetError, QueryFailedError } from 'typeorm';
import { loggableUrl } from '../http/logging';
import { Problem, type ProblemDocument } from './problem';

const bodyParserProblems: Record<string, (error: { problem?: Problem }) => Problem> = {
  'entity.parse.failed': () => new Problem('malformed-json', 'The body could not be parsed as JSON.'),
  'entity.too.large': () => new Problem('payload-too-large'),
  'encoding.unsupported': () => new Problem('unsupported-media-type', 'Content-Encoding is not supported.'),
  'charset.unsupported': () => new Problem('unsupported-media-type', 'Only the utf-8 charset is accepted.'),
  'request.aborted': () => new Problem('malformed-json', 'The request body was cut short.'),
  'request.size.invalid': () => new Problem('malformed-json', 'The body length differs from Content-Length.'),
  'encoding.invalid': () => new Problem('invalid-encoding', 'The body must be UTF-8 text.'),
  // src/http/json-body.ts: too deep or too many values to be worth parsing; the problem names where.
  'entity.bounds.exceeded': (error) => error.problem ?? new Problem('validation-failed'),
};

const closedDatabaseMessages = new Set(['Driver not Connected', 'Cannot use a pool after calling end on the pool', 'PGlite is closed']);

const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03']);

/**
 * PostgreSQL limits that a few internal errors (SQLSTATE XX000) report; the input refused up front
 * (src/claims/claim-search.ts) should never reach them.
 */
const limitMessages = new Set(['tsquery stack too small']);

/** How bad an error is: a client's problem, a value the database refused (warn), or a real fault (error). */
type Severity = 'client' | 'refused-value' | 'fault';

/** Turns anything thrown into a problem; unknown failures become a logged 500 without internals. */
function toProblem(error: unknown): { problem: Problem; severity: Severity } {
  if (error instanceof Problem) return { problem: error, severity: 'client' };
  const bodyParserType = (error as { type?: unknown } | null)?.type;
  if (typeof bodyParserType === 'string' && bodyParserProblems[bodyParserType]) {
    return { problem: bodyParserProblems[bodyParserType](error as { problem?: Problem }), severity: 'client' };
  }
  if (isDecompressionError(error)) {
    return { problem: new Problem('malformed-json', 'The body could not be decompressed as its Content-Encoding says.'), severity: 'client' };
  }
  // The router could not percent-decode a path parameter (`/claims/%ZZ`): like any id that is not a UUID, it names nothing.
  if (error instanceof URIError) return { problem: new Problem('not-found', 'The path is not valid percent-encoded UTF-8.'), severity: 'client' };
  const code = databaseErrorCode(error);
  if (databaseIsGone(error) || (code && (connectionErrorCodes.has(code) || code.startsWith('08')))) {
    return { problem: new Problem('database-unavailable'), severity: 'fault' };
  }
  // Class 22 "data exception" and class 54 "program limit exceeded": a value from the request that the
  // validators should have refused. Still the client's input, so 422; logged as a warning to fix the validator.
  if (code?.startsWith('22') || code?.startsWith('54') || (code === 'XX000' && limitMessages.has(databaseMessage(error)))) {
    return { problem: new Problem('validation-failed', 'A value is beyond what the database accepts.'), severity: 'refused-value' };
  }
  return { problem: new Problem('internal-error'), severity: 'fault' };
}

/** zlib or brotli failed on a compressed body: body-parser passes its error on, with status 400 but no `type`. */
function isDecompressionError(error: unknown): boolean {
  const { status, errno } = (error ?? {}) as { status?: unknown; errno?: unknown };
  return status === 400 && typeof errno === 'number';
}

/** The pool or the embedded instance has been closed (shutting down, or lost): not the client's fault. */
function databaseIsGone(error: unknown): boolean {
  if (error instanceof ConnectionIsNotSetError) return true;
  return error instanceof Error && closedDatabaseMessages.has(error.message);
}

const driverError = (error: unknown): unknown => (error instanceof QueryFailedError ? error.driverError : error);

function databaseErrorCode(error: unknown): string | undefined {
  const code = (driverError(error) as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function databaseMessage(error: unknown): string {
  const message = (driverError(error) as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}

export function sendProblem(res: Response, document: ProblemDocument): void {
  res.status(document.status).type('application/problem+json').send(JSON.stringify(document));
}

export const problemHandler = (logger: Logger): ErrorRequestHandler => (error, req, res, _next) => {
  const { problem, severity } = toProblem(error);
  const context = { reqId: res.locals.requestId, method: req.method, url: loggableUrl(req.originalUrl) };
  if (severity === 'fault') logger.error({ err: error, ...context }, 'request failed');
  // No `err`: a QueryFailedError carries the SQL and its parameters, which stay out of the log.
  if (severity === 'refused-value') {
    logger.warn({ ...context, sqlState: databaseErrorCode(error), reason: databaseMessage(error).slice(0, 200) }, 'database refused a value');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendProblem(res, problem.toDocument());
};

export const routeNotFound: RequestHandler = (req) => {
  throw new Problem('route-not-found', `${req.method} ${req.path} is not a route of this service.`);
};
