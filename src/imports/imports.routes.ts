import { isUtf8 } from 'node:buffer';
import express, { Router, type RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { allow } from '../auth/authenticate';
import { Problem, validationFailed } from '../errors/problem';
import { holdSlot, inSlot, type TakeSlot } from '../http/person-slots';
import { importClaimReviews } from './claim-review-import';
import type { ImportDocument } from './import-documents';

const mediaTypes: Record<string, 'json' | 'html'> = {
  'application/json': 'json',
  'application/ld+json': 'json',
  'text/html': 'html',
};

/**
 * POST /imports/claimreview (editors): ClaimReview of other fact-checkers as JSON-LD (one object, an
 * array, a DataFeed) or an HTML page embedding it. Mounted before the API's JSON parser: the body is
 * read raw, up to `bodyLimit`, since a feed holds far more values than an API body may; a bounded
 * number at once (import-slots.ts), the slot taken before the body is read.
 */
export function importsRouter(db: DataSource, bodyLimit: number, takeSlot: TakeSlot): Router {
  const router = Router();
  router.post('/claimreview', allow('editor'), holdSlot(takeSlot), readBody(bodyLimit), async (req, res) => {
    const summary = await inSlot(res, async () => {
      const body = req.body as Buffer;
      const kind = mediaTypes[String(req.headers['content-type']).split(';')[0]!.trim().toLowerCase()]!;
      const text = body.toString('utf8');
      // A body that is not JSON at all is the request's fault (400), unlike a page's broken script, which is one refused record.
      const document: ImportDocument = kind === 'html' ? { label: 'body', kind, text } : { label: 'body', kind: 'parsed', value: parseJson(text) };
      return importClaimReviews(db.manager, [document]);
    });
    res.json(summary);
  });
  return router;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Problem('malformed-json', 'The body could not be parsed as JSON.');
  }
}

function readBody(limit: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit });
  return (req, res, next) => {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(type in mediaTypes)) {
      throw new Problem('unsupported-media-type', `Send ClaimReview as ${Object.keys(mediaTypes).join(', ')}, not ${type || 'without a Content-Type'}.`);
    }
    raw(req, res, (error?: unknown) => {
      if (error) return next(error);
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) return next(validationFailed([{ pointer: '#', detail: 'the body is empty: send ClaimReview JSON-LD or an HTML page' }]));
      if (!isUtf8(body)) return next(new Problem('invalid-encoding', 'The body must be UTF-8 text.'));
      next();
    });
  };
}
