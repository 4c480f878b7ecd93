import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ConnectionIsNotSetError, QueryFailedError } from 'typeorm';
import { loggableUrl } from '../http/logging';
import { problemTypeUri, type ProblemSlug } from './catalogue';
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

/** client: the request's own fault; library: a dependency refused it (416, 412); refused-value: the database would not take a value; fault: ours. */
type Severity = 'client' | 'library' | 'refused-value' | 'fault';

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
  // The router could not percent-decode a path parameter (`/claims/%ZZ`): like any id that is not a UUID, it names nothing
  // (the router marks it 400, so this comes before the statuses errors carry).
  if (error instanceof URIError) return { problem: new Problem('not-found', 'The path is not valid percent-encoded UTF-8.'), severity: 'client' };
  const clientStatus = clientErrorStatus(error);
  if (clientStatus !== undefined) return { problem: problemForStatus(clientStatus), severity: 'library' };
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

/**
 * A library's error that carries a 4xx status (`status`/`statusCode`, http-errors style: the static
 * files' 416 and 412) is the client's, and keeps its status.
 */
function clientErrorStatus(error: unknown): number | undefined {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const found = typeof status === 'number' ? status : statusCode;
  return typeof found === 'number' && Number.isInteger(found) && found >= 400 && found < 500 ? found : undefined;
}

/** The catalogue's generic problem for an HTTP status (a 4xx it has none for is a malformed request). */
const slugsByStatus: Partial<Record<number, ProblemSlug>> = {
  403: 'forbidden',
  404: 'route-not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  412: 'condition-not-met',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  416: 'range-not-satisfiable',
  431: 'headers-too-large',
};

const problemForStatus = (status: number): Problem => new Problem(slugsByStatus[status] ?? 'malformed-request');

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

/** Seconds a client is asked to wait after a 503 (the database or a busy search): both pass quickly. */
const retryAfterUnavailableSeconds = 2;

/** Refusals that pass slowly: an export runs for minutes, an import for seconds, so their slots are not free again in 2 s. */
const retryAfterSeconds: Partial<Record<string, number>> = {
  [problemTypeUri('exports-busy')]: 30,
  [problemTypeUri('export-running')]: 30,
  [problemTypeUri('imports-busy')]: 10,
  [problemTypeUri('import-running')]: 10,
};

export function sendProblem(res: Response, document: ProblemDocument): void {
  const wait = retryAfterSeconds[document.type] ?? (document.status === 503 ? retryAfterUnavailableSeconds : undefined);
  if (wait !== undefined) res.setHeader('Retry-After', String(wait));
  res.status(document.status).type('application/problem+json').send(JSON.stringify(document));
}

export const problemHandler = (logger: Logger): ErrorRequestHandler => (error, req, res, _next) => {
  const problem = problemLogged(logger, error, req, res);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (clientErrorStatus(error) !== undefined) forgetRepresentation(error, res);
  sendProblem(res, problem.toDocument());
};

/** Anything thrown, as the Problem to answer with; our faults and refused values logged. Pages answer with the same. */
export function problemLogged(logger: Logger, error: unknown, req: Request, res: Response): Problem {
  const { problem, severity } = toProblem(error);
  const context = { reqId: res.locals.requestId, method: req.method, url: loggableUrl(req.originalUrl) };
  if (severity === 'fault') logger.error({ err: error, ...context }, 'request failed');
  // No `err`: a QueryFailedError carries the SQL and its parameters, which stay out of the log.
  if (severity === 'refused-value') {
    logger.warn({ ...context, sqlState: databaseErrorCode(error), reason: databaseMessage(error).slice(0, 200) }, 'database refused a value');
  }
  // A library's own refusal (serve-static's 416/412, a router 400): worth a look when debugging, not an alarm.
  if (severity === 'library') logger.debug({ err: error, ...context }, 'request refused by a library');
  return problem;
}

/**
 * The static module set the file's headers before refusing: the problem is not that file, so no
 * validators and no day-long Cache-Control on it. A 416 says how long the file is
 * (`Content-Range: bytes *\/length`, RFC 9110 §15.5.17).
 */
function forgetRepresentation(error: unknown, res: Response): void {
  for (const name of ['ETag', 'Last-Modified', 'Accept-Ranges', 'Content-Range']) res.removeHeader(name);
  res.setHeader('Cache-Control', 'no-store');
  const headers = (error as { headers?: unknown } | null)?.headers;
  const contentRange = (headers as Record<string, unknown> | undefined)?.['Content-Range'];
  if (typeof contentRange === 'string' && (error as { status?: unknown }).status === 416) res.setHeader('Content-Range', contentRange);
}

export const routeNotFound: RequestHandler = (req) => {
  throw new Problem('route-not-found', `${req.method} ${req.path} is not a route of this service.`);
};
