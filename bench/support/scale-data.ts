import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { openDatabase } from '../../src/database/database';
import { migrate } from '../../src/database/migrate';
import { recreateDatabase } from './bench-data';
import { dropSchemaObjects, readSchemaObjects, restoreSchemaObjects, sameSchema } from './bulk-schema';
import { duration, progressBar } from './progress';
import { CopyBuffers, addArticle, tables, type People, type Table } from './synthetic-rows';
import { between, seededRandom } from './synthetic-text';

export type ScaleDataResult = { claims: number; rows: Record<Table, number>; totalRows: number; seconds: number; loadSeconds: number };

const loadedTables = Object.keys(tables) as Table[];
const claimsPerBatch = 2_000;

/**
 * Rebuilds database `name` with `claims` claims: recreated, migrated by the app's own migrations,
 * loaded with COPY (one stream per table) while indexes and keys are off, then indexes rebuilt,
 * keys validated and statistics gathered. The same `seed` gives the same text.
 */
export async function generateScaleData(adminUrl: string, name: string, claims: number, { seed = 20261127, quiet = false } = {}): Promise<ScaleDataResult> {
  const started = Date.now();
  const url = await recreateDatabase(adminUrl, name);
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }

  const connect = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`SET maintenance_work_mem = '512MB'`);
    return client;
  };
  const admin = await connect();
  const streams: Array<{ table: Table; client: Client; stream: Writable }> = [];
  try {
    const people = await createPeople(admin);
    const schema = await readSchemaObjects(admin, loadedTables);
    await dropSchemaObjects(admin, schema);

    for (const table of loadedTables) {
      const client = await connect();
      const stream = client.query(copyFrom(`COPY ${table} (${tables[table].map((column) => `"${column}"`).join(', ')}) FROM STDIN`));
      streams.push({ table, client, stream });
    }
    const rows = await writeRows(streams, people, claims, seed, quiet);
    const loadSeconds = (Date.now() - started) / 1000;

    if (!quiet) console.error(`loaded ${rows.total.toLocaleString('en')} rows in ${duration(loadSeconds)}; rebuilding indexes and keys…`);
    await restoreSchemaObjects([admin, streams[0]!.client], schema);
    await admin.query(`SELECT setval(pg_get_serial_sequence('claims', 'seq'), (SELECT max(seq) FROM claims))`); // claims were written with their seq
    if (!sameSchema(schema, await readSchemaObjects(admin, loadedTables))) throw new Error('indexes or constraints differ from the migrations');
    if (!quiet) console.error('vacuum analyze…');
    await admin.query(`VACUUM (ANALYZE) ${loadedTables.join(', ')}, users`);
    const seconds = (Date.now() - started) / 1000;
    return { claims, rows: rows.byTable, totalRows: rows.total, seconds, loadSeconds };
  } finally {
    for (const { client } of streams) await client.end().catch(() => undefined);
    await admin.end();
  }
}

async function createPeople(db: Client): Promise<People> {
  const insert = async (role: string, count: number) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO users (name, role) SELECT 'scale-' || $1 || '-' || g, $1 FROM generate_series(1, $2) g RETURNING id`,
        [role, count],
      )
    ).rows.map((row) => row.id);
  return { checkers: await insert('checker', 24), editors: await insert('editor', 6) };
}

async function writeRows(streams: Array<{ table: Table; stream: Writable }>, people: People, claims: number, seed: number, quiet: boolean) {
  const random = seededRandom(seed);
  const out = new CopyBuffers();
  const byTable = Object.fromEntries(loadedTables.map((table) => [table, 0])) as Record<Table, number>;
  const progress = quiet ? null : progressBar('claims', claims, 'claims');
  const started = Date.now();
  const now = Date.now();
  const span = 730 * 24 * 3_600_000; // two years of desk work, oldest first
  let written = 0;
  let article = 0;
  let total = 0;
  while (written < claims) {
    let batch = 0;
    while (batch < claimsPerBatch && written < claims) {
      const count = Math.min(between(random, 2, 18), claims - written);
      addArticle(out, random, people, ++article, count, now - span + Math.floor((written / claims) * (span - 86_400_000)), now);
      written += count;
      batch += count;
    }
    const taken = out.take();
    total += taken.rows;
    await Promise.all(
      streams.map(({ table, stream }) => {
        const lines = taken.lines[table];
        byTable[table] += lines.length;
        if (lines.length === 0) return undefined;
        return stream.write(`${lines.join('\n')}\n`) ? undefined : new Promise((resolve) => stream.once('drain', resolve));
      }),
    );
    progress?.update(written, `${Math.round(total / ((Date.now() - started) / 1000)).toLocaleString('en')} rows/s`);
  }
  await Promise.all(
    streams.map(({ stream }) => new Promise<void>((resolve, reject) => {
      stream.once('finish', resolve);
      stream.once('error', reject);
      stream.end();
    })),
  );
  progress?.finish();
  return { byTable, total };
}
