import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type RequestHandler, type Response } from 'express';
import { stringify } from 'csv-stringify';
import type { DataSource } from 'typeorm';
import { actorOf, allow, editorial } from '../auth/authenticate';
import { parseQuery } from '../http/validation';
import { claimBatches, type ExportedClaim } from './claim-batches';
import type { TakeSlot } from '../http/person-slots';
import { ExportClaimsQuery } from './exports.dto';
import { csvColumns, presentExportedClaim, toCsvRow } from './export-row.presenter';

/**
 * GET /exports/claims.csv and /exports/claims.jsonl (editors, admins): every claim the filters of
 * GET /claims select, streamed batch by batch with backpressure, so memory stays flat however many;
 * a bounded number at once (export-slots.ts).
 */
export function exportsRouter(db: DataSource, takeSlot: TakeSlot, idleTimeoutMs: number): Router {
  const router = Router();
  type Streams = [Readable, ...NodeJS.ReadWriteStream[]];

  const exportRoute = (extension: string, contentType: string, streams: (batches: AsyncGenerator<ExportedClaim[]>, query: ExportClaimsQuery) => Streams): RequestHandler =>
    async (req, res) => {
      const query = await parseQuery(ExportClaimsQuery, req.query);
      const release = takeSlot(actorOf(req).id);
      // A download that sends nothing for this long (a client that stopped reading, a stuck query) is cut
      // off, so that it cannot keep its slot, and with it its person's next export, for ever.
      res.setTimeout(idleTimeoutMs, () => res.destroy());
      try {
        const batches = await startExport(db, query);
        res.setHeader('Content-Type', contentType);
        res.setHeader('Content-Disposition', attachment(extension));
        await send(res, ...streams(batches, query));
      } finally {
        release();
      }
    };

  router.get('/claims.csv', allow(...editorial), exportRoute('csv', 'text/csv; charset=utf-8; header=present', (batches, query) => [
    Readable.from(flatten(batches, (claim) => toCsvRow(presentExportedClaim(claim)))),
    // RFC 4180: CRLF between records, quotes where needed; a cell a spreadsheet would run as a formula
    // (starting with = + - @, tab or CR) gets a leading ' (OWASP's advice for CSV injection).
    stringify({ header: true, columns: [...csvColumns], record_delimiter: 'windows', escape_formulas: true, bom: query.bom === '1' }),
  ]));
  router.get('/claims.jsonl', allow(...editorial), exportRoute('jsonl', 'application/jsonl; charset=utf-8', (batches) => [Readable.from(jsonLines(batches))]));
  return router;
}

/**
 * Reads the first batch before any header is sent, so that a database that does not answer still
 * gets a problem document rather than a cut-off download.
 */
async function startExport(db: DataSource, query: ExportClaimsQuery): Promise<AsyncGenerator<ExportedClaim[]>> {
  const reading = claimBatches(db.manager, query);
  const first = await reading.next();
  async function* batches(): AsyncGenerator<ExportedClaim[]> {
    if (first.done) return;
    yield first.value;
    yield* reading;
  }
  return batches();
}

async function* flatten<T>(batches: AsyncIterable<ExportedClaim[]>, present: (claim: ExportedClaim) => T): AsyncGenerator<T> {
  for await (const batch of batches) for (const claim of batch) yield present(claim);
}

/** One chunk a batch: a thousand lines written at once rather than a thousand small writes. */
async function* jsonLines(batches: AsyncIterable<ExportedClaim[]>): AsyncGenerator<string> {
  for await (const batch of batches) yield batch.map((claim) => `${JSON.stringify(presentExportedClaim(claim))}\n`).join('');
}

const attachment = (extension: string): string => `attachment; filename="claims-${new Date().toISOString().slice(0, 10)}.${extension}"`;

/**
 * Streams into the response; a client that goes away ends the export (the reading stops at its next
 * batch). A failure once the body has started cannot become a problem document: the error handler
 * cuts the connection, so the client sees an incomplete download rather than a short file that looks whole.
 */
async function send(res: Response, ...streams: [Readable, ...NodeJS.ReadWriteStream[]]): Promise<void> {
  try {
    await (pipeline as (...streams: unknown[]) => Promise<void>)(...streams, res);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE' && res.destroyed) return;
    throw error;
  }
}
