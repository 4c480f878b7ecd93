import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { Problem, validationFailed } from '../errors/problem';
import { findBoundBroken } from './json-bounds';

const jsonTypes = ['application/json', 'application/*+json'];

const hasBody = (headers: Record<string, string | string[] | undefined>): boolean =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0';

/**
 * Parses JSON request bodies. A body in any other media type is refused (415) rather than ignored,
 * and bytes that are not UTF-8 are refused (400) rather than silently replaced. Any JSON value is
 * accepted here (not only objects and arrays): `null` or `"text"` is valid JSON, so the validation
 * answers it with 422 rather than calling it malformed. A body beyond the bounds of ./json-bounds is
 * refused (422, `truncated`: the rest was not read) before it is parsed.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({
    limit,
    strict: false,
    type: jsonTypes,
    verify: (_req, _res, buffer) => {
      if (!isUtf8(buffer)) throw Object.assign(new Error('Request body is not UTF-8'), { type: 'encoding.invalid' });
      const broken = findBoundBroken(buffer);
      if (broken) throw Object.assign(new Error(broken.detail), { type: 'entity.bounds.exceeded', problem: validationFailed([broken], true) });
    },
  });
  return (req, res, next) => {
    if (!hasBody(req.headers)) return next();
    if (!req.is(jsonTypes)) {
      throw new Problem(
        'unsupported-media-type',
        `Send the body as application/json, not ${req.headers['content-type'] ?? 'without a Content-Type'}.`,
      );
    }
    parse(req, res, next);
  };
}
