import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { RequestHandler } from 'express';
import type { Config } from '../config/config';

const safeRequestId = /^[A-Za-z0-9._-]{1,64}$/;

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
 * One log line per request when its response finishes, tagged with a request id the client may
 * supply and always gets back; `observe` is called from the same listener, so a request is timed once.
 * Hand-written rather than pino-http: that made a child logger and ran serializers on every request,
 * a quarter of the cost of a cached public read.
 */
export function requestLogger(logger: Logger, observe?: RequestObserver): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && safeRequestId.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    res.locals.requestId = id;
    res.once('finish', () => {
      const { statusCode } = res;
      const ms = performance.now() - started;
      // Flat fields: pino writes top-level strings and numbers directly, nested objects through a slow stringify.
      logger[statusCode >= 500 ? 'error' : 'info'](
        { reqId: id, method: req.method, url: req.originalUrl, status: statusCode, ms: Math.round(ms) },
        'request completed',
      );
      observe?.(req.method, req.originalUrl, statusCode, ms / 1000);
    });
    next();
  };
}
