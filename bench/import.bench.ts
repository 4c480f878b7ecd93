// npx tsx bench/import.bench.ts [--records 100000] [--rounds 3]
// ClaimReview import against a plain COPY of the same rows into the same table, in the same run, on a
// PostgreSQL database of its own (claim_tracker_bench_i12_import, rebuilt each run).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../src/database/database';
import { migrate } from '../src/database/migrate';
import { importClaimReviews } from '../src/imports/claim-review-import';
import { toExternalFactCheck, type ExternalFactCheckRow } from '../src/imports/claim-review-record';
import { normaliseWording } from '../src/similar/wording';
import { wordingBandKeysLiteral } from '../src/similar/wording-bands';
import { recreateDatabase } from './support/bench-data';

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } } });
const records = Number(values.records);
const rounds = Number(values.rounds);
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const ratings = [
  { alternateName: 'False', ratingValue: 1 }, { alternateName: 'Mostly false', ratingValue: 2 }, { alternateName: 'Half true', ratingValue: 3 },
  { alternateName: 'Mostly true', ratingValue: 4 }, { alternateName: 'True', ratingValue: 5 }, { alternateName: 'Misleading' },
];
const words = ['bridge', 'budget', 'minister', 'rice', 'imports', 'vaccine', 'election', 'Jakarta', 'tolls', 'summit', 'Vladivostok', 'harga', 'beras', 'naik'];

/** A fact-checker's feed as Google's DataFeed format has it: one DataFeedItem a ClaimReview. */
function syntheticFeed(count: number): string {
  const elements = [];
  for (let n = 0; n < count; n++) {
    const said = Array.from({ length: 8 + (n % 9) }, (_, i) => words[(n * 7 + i * 3) % words.length]).join(' ');
    const day = `2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    elements.push({
      '@type': 'DataFeedItem',
      dateCreated: `${day}T08:00:00Z`,
      item: [{
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: `https://checkers-${n % 40}.example/reviews/${n}-${said.split(' ')[0]}`,
        claimReviewed: `${said} (${n})`,
        datePublished: `${day}T08:00:00Z`,
        inLanguage: n % 3 === 0 ? 'id' : 'en',
        author: { '@type': 'Organization', name: `Checker ${n % 40}`, url: `https://checkers-${n % 40}.example` },
        itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: `Claimant ${n % 997}` }, datePublished: day },
        reviewRating: { '@type': 'Rating', bestRating: 5, worstRating: 1, ...ratings[n % ratings.length] },
      }],
    });
  }
  return JSON.stringify({ '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: elements });
}

const copyColumns: Array<[string, keyof ExternalFactCheckRow]> = [
  ['url', 'url'], ['publisher_name', 'publisherName'], ['publisher_url', 'publisherUrl'], ['claim_reviewed', 'claimReviewed'],
  ['claimant', 'claimant'], ['claim_date', 'claimDate'], ['rating_text', 'ratingText'], ['rating_value', 'ratingValue'],
  ['best_rating', 'bestRating'], ['worst_rating', 'worstRating'], ['date_published', 'datePublished'], ['date_modified', 'dateModified'],
  ['language', 'language'],
];
const copyValue = (value: unknown): string =>
  value === null || value === undefined ? '\\N' : String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

/** COPY … FROM STDIN (text format) of rows already made: the floor of what writing them can cost. */
async function copyRows(url: string, rows: ExternalFactCheckRow[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('TRUNCATE external_fact_checks');
    // The same stored rows: with the wording and band keys the import derives (made here, before the clock starts).
    const lines = rows.map((row) => {
      const wording = normaliseWording(row.claimReviewed);
      return `${[...copyColumns.map(([, field]) => copyValue(row[field])), copyValue(wording), wordingBandKeysLiteral(wording)].join('\t')}\n`;
    });
    const started = process.hrtime.bigint();
    const stream = client.query(copyFrom(`COPY external_fact_checks (${copyColumns.map(([name]) => `"${name}"`).join(', ')}, "wording", "wording_bands") FROM STDIN`));
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject).on('finish', resolve);
      let index = 0;
      const write = () => {
        while (index < lines.length) {
          // 1000 lines a chunk, as a client streaming a file would send them
          if (!stream.write(lines.slice(index, (index += 1000)).join(''))) return void stream.once('drain', write);
        }
        stream.end();
      };
      write();
    });
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await client.end();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const url = await recreateDatabase(adminUrl, 'claim_tracker_bench_i12_import');
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  await migrate(db);
  const text = syntheticFeed(records);
  const rows = (JSON.parse(text) as { dataFeedElement: Array<{ item: Array<Record<string, unknown>> }> }).dataFeedElement.map((element) => toExternalFactCheck(element.item[0]!));
  console.log(`${records.toLocaleString('en')} ClaimReview records, ${(text.length / 1024 ** 2).toFixed(1)} MB of JSON-LD`);

  const copySeconds: number[] = [];
  const importSeconds: number[] = [];
  let reimportSeconds = 0;
  for (let round = 0; round < rounds; round++) {
    copySeconds.push(await copyRows(url, rows));
    await db.dataSource.query('TRUNCATE external_fact_checks');
    const started = process.hrtime.bigint();
    const summary = await importClaimReviews(db.dataSource.manager, [{ label: 'feed.json', kind: 'json', text }]);
    importSeconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (summary.created !== records) throw new Error(`expected ${records} created: ${JSON.stringify({ ...summary, refused: summary.refused.slice(0, 3) })}`);
    if (round === rounds - 1) {
      const again = process.hrtime.bigint();
      const second = await importClaimReviews(db.dataSource.manager, [{ label: 'feed.json', kind: 'json', text }]);
      reimportSeconds = Number(process.hrtime.bigint() - again) / 1e9;
      if (second.unchanged !== records) throw new Error('the re-import changed rows');
    }
    console.log(`round ${round + 1}: COPY ${copySeconds.at(-1)!.toFixed(2)} s, import ${importSeconds.at(-1)!.toFixed(2)} s`);
  }
  const copyRate = records / median(copySeconds);
  const importRate = records / median(importSeconds);
  const result = {
    date: new Date().toISOString(),
    records,
    rounds,
    copyRecordsPerSecond: Math.round(copyRate),
    importRecordsPerSecond: Math.round(importRate),
    ratio: Number((importRate / copyRate).toFixed(2)),
    reimportUnchangedRecordsPerSecond: Math.round(records / reimportSeconds),
    loadAverage: (await fs.promises.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' '),
  };
  console.log(
    `COPY ${result.copyRecordsPerSecond.toLocaleString('en')} rows/s, import ${result.importRecordsPerSecond.toLocaleString('en')} records/s ` +
      `(ratio ${result.ratio}, target ≥ 0.3); re-import of the same file ${result.reimportUnchangedRecordsPerSecond.toLocaleString('en')} records/s (medians of ${rounds}; load ${result.loadAverage})`,
  );
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results/import.json'), `${JSON.stringify(result, null, 2)}\n`);
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
