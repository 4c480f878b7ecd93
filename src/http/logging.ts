import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config/config';

/** An API token (`ct_` and 43 characters) wherever a careless client put it: path, query, any parameter. */
const tokenShaped = /ct_[A-Za-z0-9_-]{43}/g;
const holdsToken = /ct_[A-Za-z0-9_-]{43}/;
const mayHoldSecret = /token|ct_|%/i;
/** Query parameters whose name says they carry a secret: token, access_token, id_token, … in any case. */
const secretParameter = /token/i;
const redacted = '[redacted]';
const clientRequestIdMaxLength = 128;

/** Logs JSON lines to stdout, or to `destination` (the tests capture what would be logged). */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  // No redaction: no line carries headers (where tokens travel), and redacting cost every request.
  return pino(
    { level: config.logLevel },
    destination,
  );
}

/** Told of every finished request with its time, on the log's own timing (metrics use it). */
export type RequestObserver = (method: string, originalUrl: string, status: number, seconds: number) => void;

/**
 * Marks a response served from the public cache: if it ends in 200 or 304 it is counted in the
 * summary line rather than logged alone (a line of its own was a fifth of such a read's cost).
 */
export function logInSummary(res: Response): void {
  // In res.locals (a dictionary already): a property added to the response itself changed its shape, ≈ 5 µs in the profile.
  res.locals.logInSummary = true;
}

/** How often the counts of cached public reads are logged, when there were any. */
export const readSummaryIntervalMs = 1000;

/** Starts a request's log: called first thing, by the Express middleware or by the fast path in front of Express. */
export type RequestLog = (req: Request, res: Response) => void;

/**
 * One log line per request when its response finishes, tagged with the server's request id (sent
 * back in X-Request-Id) and the client's own X-Request-Id, if any, as `clientRequestId`; `observe`
 * is called from the same listener, so a request is timed once. Cached public reads answered 200 or
 * 304 (see logInSummary) are counted instead, in one line a second at most; errors, writes and every
 * other request keep their own line.
 * Hand-written rather than pino-http: that made a child logger and ran serializers on every request,
 * a quarter of the cost of a cached public read.
 */
export function requestLog(logger: Logger, observe?: RequestObserver): RequestLog {
  const summary = readSummary(logger);
  return (req, res) => {
    const started = performance.now();
    // The server's id is always its own: a client's could collide with another's or impersonate a request.
    const id = randomUUID();
    res.setHeader('X-Request-Id', id);
    res.locals.requestId = id;
    res.once('finish', () => {
      const { statusCode } = res;
      const ms = performance.now() - started;
      observe?.(req.method, req.originalUrl, statusCode, ms / 1000);
      if (res.locals.logInSummary === true && (statusCode === 200 || statusCode === 304)) {
        summary.count(statusCode, ms);
        return;
      }
      // Flat fields: pino writes top-level strings and numbers directly, nested objects through a slow stringify.
      logger[statusCode >= 500 ? 'error' : 'info'](
        { reqId: id, clientRequestId: boundedClientId(req.headers['x-request-id']), method: req.method, url: loggableUrl(req.originalUrl), status: statusCode, ms: Math.round(ms) },
        'request completed',
      );
    });
  };
}

/** The request log as the app's first middleware. */
export function requestLogger(log: RequestLog): RequestHandler {
  return (req, res, next) => {
    log(req, res);
    next();
  };
}

/** Counts of cached reads, logged at most once per readSummaryIntervalMs and only when there were some. */
function readSummary(logger: Logger) {
  let ok = 0;
  let notModified = 0;
  let slowestMs = 0;
  let since = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    logger.info({ reads: ok + notModified, status200: ok, status304: notModified, slowestMs: Math.round(slowestMs * 10) / 10, seconds: (Date.now() - since) / 1000 }, 'cached public reads');
    ok = notModified = slowestMs = 0;
  };
  return {
    count(status: 200 | 304, ms: number) {
      if (status === 200) ok++;
      else notModified++;
      if (ms > slowestMs) slowestMs = ms;
      if (timer) return;
      since = Date.now();
      // Not kept alive for it: at exit, at most the last interval's counts go unlogged.
      timer = setTimeout(flush, readSummaryIntervalMs).unref();
    },
  };
}

/** The URL as it may be logged: values of token parameters and anything shaped like an API token replaced. */
export function loggableUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url.includes('ct_') ? url.replace(tokenShaped, redacted) : url;
  const path = url.slice(0, queryStart).replace(tokenShaped, redacted);
  const query = url.slice(queryStart + 1);
  // Most queries (limit, cursor, filters) cannot hold a secret: no name with "token", no token, nothing encoded.
  if (!mayHoldSecret.test(query)) return `${path}?${query}`;
  const loggable = query
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      if (equals === -1) return holdsToken.test(decoded(parameter)) ? redacted : parameter;
      const rawName = parameter.slice(0, equals);
      const name = decoded(rawName);
      if (holdsToken.test(name)) return redacted;
      const secret = secretParameter.test(name) || holdsToken.test(decoded(parameter.slice(equals + 1)));
      return secret ? `${rawName}=${redacted}` : parameter;
    })
    .join('&');
  return `${path}?${loggable}`;
}

/** Percent-decoded as the query parser reads it (`+` is a space); undecodable text stays as it is. */
function decoded(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** A client's own X-Request-Id, kept for correlation only: printable ASCII, at most 128 characters. */
function boundedClientId(incoming: string | string[] | undefined): string | undefined {
  if (incoming === undefined) return undefined;
  const text = Array.isArray(incoming) ? incoming.join(', ') : incoming;
  const printable = text.slice(0, clientRequestIdMaxLength * 4).replace(/[^\x20-\x7e]/g, '');
  return printable === '' ? undefined : printable.slice(0, clientRequestIdMaxLength);
}
