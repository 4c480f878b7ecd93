import type { EntityManager } from 'typeorm';
import { announcePublicChange } from '../public-cache/publications';
import { normaliseWording } from '../similar/wording';
import { wordingBandKeysLiteral } from '../similar/wording-bands';
import { RecordRefused, toExternalFactCheck, type ExternalFactCheckRow } from './claim-review-record';
import { walkClaimReviews } from './claim-review-walk';
import { documentRoots, type ImportDocument } from './import-documents';

/** A record that was not imported: its place among the records of the run (1-based), where it stood, and why. */
export type Refusal = { position: number; at: string; reason: string };

export type ImportSummary = {
  /** ClaimReviews found, and entries that should have been one. */
  records: number;
  created: number;
  /** Already imported from the same URL, and changed by this import. */
  updated: number;
  /** Already imported from the same URL, exactly as now. */
  unchanged: number;
  /** Nodes of other types passed over (a page's WebPage, Organization…). */
  skipped: number;
  refusedCount: number;
  /** The first `maxRefusalsListed` refusals. */
  refused: Refusal[];
};

export const maxRefusalsListed = 1000;
const batchSize = 1000;

type Pending = { write: ExternalFactCheckRow[][] };

/**
 * Imports every ClaimReview of the documents as external fact-checks, in one transaction: all of them
 * or, should the database fail, none. Each record is checked on its own before anything is written,
 * so a bad one is refused (with its position) and never stops the good ones; the good ones are
 * upserted by URL in batches (a URL met again updates, never duplicates).
 */
export async function importClaimReviews(
  manager: EntityManager,
  documents: Iterable<ImportDocument>,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const summary: ImportSummary = { records: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, refusedCount: 0, refused: [] };
  const pending = readRecords(documents, summary);
  const total = pending.write.reduce((sum, batch) => sum + batch.length, 0);
  await manager.transaction(async (transaction) => {
    let done = 0;
    for (const batch of pending.write) {
      const created = await upsert(transaction, batch);
      summary.created += created.created;
      summary.updated += created.updated;
      summary.unchanged += batch.length - created.created - created.updated;
      onProgress?.((done += batch.length), total);
    }
    // The public search lists imported reviews (`elsewhere`): its cached pages must not keep the old ones.
    if (summary.created + summary.updated > 0) await announcePublicChange(transaction, 'external fact-checks imported');
  });
  return summary;
}

/** Parses and checks every record first (nothing written yet), grouping the good ones into batches. */
function readRecords(documents: Iterable<ImportDocument>, summary: ImportSummary): Pending {
  const pending: Pending = { write: [] };
  let batch: ExternalFactCheckRow[] = [];
  let urls = new Set<string>();
  const refuse = (at: string, reason: string) => {
    summary.refusedCount++;
    if (summary.refused.length < maxRefusalsListed) summary.refused.push({ position: summary.records, at, reason });
  };
  for (const document of documents) {
    for (const root of documentRoots(document)) {
      if ('reason' in root) {
        summary.records++;
        refuse(root.at, root.reason);
        continue;
      }
      for (const found of walkClaimReviews(root.value, () => summary.skipped++)) {
        summary.records++;
        const at = `${root.at}#${found.at}`;
        if (found.kind === 'refused') {
          refuse(at, found.reason);
          continue;
        }
        let row: ExternalFactCheckRow;
        try {
          row = toExternalFactCheck(found.node);
        } catch (error) {
          if (!(error instanceof RecordRefused)) throw error;
          refuse(at, error.message);
          continue;
        }
        // One statement may not upsert a row twice: a URL met again in the run starts the next batch, so the later record wins.
        if (batch.length === batchSize || urls.has(row.url)) {
          pending.write.push(batch);
          batch = [];
          urls = new Set();
        }
        batch.push(row);
        urls.add(row.url);
      }
    }
  }
  if (batch.length > 0) pending.write.push(batch);
  return pending;
}

const columns = [
  ['url', 'text'], ['publisher_name', 'text'], ['publisher_url', 'text'], ['claim_reviewed', 'text'], ['claimant', 'text'],
  ['claim_date', 'date'], ['rating_text', 'text'], ['rating_value', 'float8'], ['best_rating', 'float8'], ['worst_rating', 'float8'],
  ['date_published', 'timestamptz'], ['date_modified', 'timestamptz'], ['language', 'text'],
  // Derived from claim_reviewed for matching (src/similar/wording-bands.ts); the keys travel as array literals, since unnest flattens an array of arrays.
  ['wording', 'text'], ['wording_bands', 'text'],
] as const;
const fields: Array<keyof ExternalFactCheckRow> = [
  'url', 'publisherName', 'publisherUrl', 'claimReviewed', 'claimant', 'claimDate', 'ratingText', 'ratingValue', 'bestRating', 'worstRating',
  'datePublished', 'dateModified', 'language',
];
const updated = columns.slice(1).map(([name]) => name);

/**
 * One statement a batch: a column of values a parameter (unnest), so a thousand rows cost thirteen
 * parameters. A row equal to the stored one is left alone (not counted as updated, updated_at kept).
 */
const upsertSql = `
  INSERT INTO "external_fact_checks" AS stored (${columns.map(([name]) => `"${name}"`).join(', ')})
  SELECT ${columns.map(([name]) => (name === 'wording_bands' ? `"${name}"::bigint[]` : `"${name}"`)).join(', ')}
    FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')}) AS fill(${columns.map(([name]) => `"${name}"`).join(', ')})
  ON CONFLICT ("url") DO UPDATE SET ${updated.map((name) => `"${name}" = EXCLUDED."${name}"`).join(', ')}, "updated_at" = now()
  WHERE (${updated.map((name) => `stored."${name}"`).join(', ')}) IS DISTINCT FROM (${updated.map((name) => `EXCLUDED."${name}"`).join(', ')})
  RETURNING (xmax = 0) AS created`;

async function upsert(manager: EntityManager, rows: ExternalFactCheckRow[]): Promise<{ created: number; updated: number }> {
  const wordings = rows.map((row) => normaliseWording(row.claimReviewed));
  const parameters = [
    ...fields.map((field) => rows.map((row) => row[field])),
    wordings,
    wordings.map(wordingBandKeysLiteral),
  ];
  const written = await manager.query<Array<{ created: boolean }>>(upsertSql, parameters);
  const created = written.filter((row) => row.created).length;
  return { created, updated: written.length - created };
}
