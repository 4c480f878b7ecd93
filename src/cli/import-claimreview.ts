import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import type { EntityManager } from 'typeorm';
import { importClaimReviews, type ImportSummary } from '../imports/claim-review-import';
import { kindOf, type ImportDocument } from '../imports/import-documents';
import { printable } from './printable';
import { progressBar } from './progress';

/**
 * `import:claimreview FILE…`: every file in one import (one transaction). A file that cannot be read
 * or is not UTF-8 stops the run before anything is written. Exit 0 when every record was imported,
 * 2 when some were refused (the others are imported all the same).
 */
export async function importFiles(manager: EntityManager, files: string[], say: (line: string) => void): Promise<number> {
  const documents: ImportDocument[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new ImportFileError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (!isUtf8(bytes)) throw new ImportFileError(`${file} is not UTF-8 text.`);
    const text = bytes.toString('utf8');
    documents.push({ label: basename(file), kind: kindOf(file, text), text });
  }
  const progress = progressBar('import', 'records');
  const summary = await importClaimReviews(manager, documents, (done, total) => progress.update(done, total));
  progress.finish();
  for (const line of describeSummary(summary)) say(line);
  return summary.refusedCount > 0 ? 2 : 0;
}

export class ImportFileError extends Error {}

function describeSummary(summary: ImportSummary): string[] {
  const { records, created, updated, unchanged, skipped, refusedCount, refused } = summary;
  return [
    `${records} records: ${created} created, ${updated} updated, ${unchanged} unchanged, ${refusedCount} refused (${skipped} other nodes skipped)`,
    ...refused.map(({ position, at, reason }) => printable(`  refused #${position} at ${at}: ${reason}`)),
    ...(refusedCount > refused.length ? [`  … and ${refusedCount - refused.length} more refused`] : []),
  ];
}
