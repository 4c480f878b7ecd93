import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ConnectionIsNotSetError, QueryFailedError } from 'typeorm';
import { loggableUrl } from '../http/logging';
import type { ProblemSlug } from './catalogue';
import { Problem, type ProblemDocument } from './problem';

const bodyParserProblems: Record<string, () => Problem> = {
  'entity.parse.failed': () => new Problem('malformed-json', 'The body could not be parsed as JSON.'),
  'entity.too.large': () => new Problem('payload-too-large'),
  'encoding.unsupported': () => new Problem('unsupported-media-type', 'Content-Encoding is not supported.'),
  'charset.unsupported': () => new Problem('unsupported-media-type', 'Only the utf-8 charset is accepted.'),
  'request.aborted': () => new Problem('malformed-json', 'The request body was cut short.'),
  'request.size.invalid': () => new Problem('malformed-json', 'The body length differs from Content-Length.'),
  'encoding.invalid': () => new Problem('invalid-encoding', 'The body must be UTF-8 text.'),
};

const closedDatabaseMessages = new Set(['Driver not Connected', 'Cannot use a pool after calling end on the pool', 'PGlite is closed']);

const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03']);

/** Turns anything thrown into a problem; unknown failures become a logged 500 without internals. */
function toProblem(error: unknown): { problem: Problem; unexpected: boolean } {
  if (error instanceof Problem) return { problem: error, unexpected: false };
  const bodyParserType = (error as { type?: unknown } | null)?.type;
  if (typeof bodyParserType === 'string' && bodyParserProblems[bodyParserType]) {
    return { problem: bodyParserProblems[bodyParserType](), unexpected: false };
  }
  if (isDecompressionError(error)) {
    return { problem: new Problem('malformed-json', 'The body could not be decompressed as its Content-Encoding says.'), unexpected: false };
  }
  // The router could not percent-decode a path parameter (`/claims/%ZZ`): like any id that is not a UUID, it names nothing
  // (the router marks it 400, so this comes before the statuses errors carry).
  if (error instanceof URIError) return { problem: new Problem('not-found', 'The path is not valid percent-encoded UTF-8.'), unexpected: false };
  const clientStatus = clientErrorStatus(error);
  if (clientStatus !== undefined) return { problem: problemForStatus(clientStatus), unexpected: false };
  const code = databaseErrorCode(error);
  if (databaseIsGone(error) || (code && (connectionErrorCodes.has(code) || code.startsWith('08')))) {
    return { problem: new Problem('database-unavailable'), unexpected: true };
  }
  // Class 22 is "data exception": input the validators should have caught; still the client's input.
  if (code?.startsWith('22')) {
    return { problem: new Problem('validation-failed', 'A value is not acceptable to the database.'), unexpected: true };
  }
  return { problem: new Problem('internal-error'), unexpected: true };
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

function databaseErrorCode(error: unknown): string | undefined {
  const source = error instanceof QueryFailedError ? error.driverError : error;
  const code = (source as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function sendProblem(res: Response, document: ProblemDocument): void {
  res.status(document.status).type('application/problem+json').send(JSON.stringify(document));
}

export const problemHandler = (logger: Logger): ErrorRequestHandler => (error, req, res, _next) => {
  const { problem, unexpected } = toProblem(error);
  const context = { err: error, reqId: res.locals.requestId, method: req.method, url: loggableUrl(req.originalUrl) };
  if (unexpected) logger.error(context, 'request failed');
  else if (!(error instanceof Problem)) logger.debug(context, 'request refused by a library');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (clientErrorStatus(error) !== undefined) forgetRepresentation(error, res);
  sendProblem(res, problem.toDocument());
};

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
