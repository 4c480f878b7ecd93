// The claim list deep in its keyset (status filter) and full-text search, through HTTP on the real app.
import type { Client } from 'pg';
import { claimStatuses } from '../../src/claims/claim-status';
import { searchQuerySql } from '../../src/claims/claim-search';
import type { App } from '../support/app';
import { httpClient } from '../support/http-client';
import type { LoadResult } from '../support/load';
import { runInterleaved, runLoop } from '../support/loop';

export const searchTerms = ['bridge', 'jembatan', 'inflasi', 'Siregar', '"toll road"', 'minimum wage -Jakarta', 'Ayu Lubis', 'nikel or nickel', '"Nurul Siregar" Kupang'];
const depths = [0.5, 0.9];

const cursorAt = (seq: string): string => Buffer.from(JSON.stringify({ seq })).toString('base64url');

/** Every status, at half and nine tenths of the way down its list: the pages a desk pages deep into. */
export async function deepListPaths(db: Client): Promise<string[]> {
  const paths: string[] = [];
  for (const status of claimStatuses) {
    const { count } = (await db.query<{ count: string }>('SELECT count(*) FROM claims WHERE status = $1', [status])).rows[0]!;
    for (const depth of depths) {
      const row = (
        await db.query<{ seq: string }>('SELECT seq FROM claims WHERE status = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1', [status, Math.floor(Number(count) * depth)])
      ).rows[0];
      if (row) paths.push(`/api/v1/claims?status=${status}&cursor=${cursorAt(row.seq)}`);
    }
  }
  return paths;
}

export const searchPaths = (): string[] => searchTerms.map((term) => `/api/v1/claims?q=${encodeURIComponent(term)}`);

export type ReadTarget = { app: App; token: string; paths: string[] };

/**
 * GETs each target's paths round robin, the targets in turns (see runInterleaved), after a 2 s
 * warm-up each; anything but a 200 with a page of items is an error.
 */
export async function driveReads(targets: ReadTarget[], options: { seconds: number; concurrency: number }): Promise<LoadResult[]> {
  const clients = targets.map((target) => httpClient(target.app.base, options.concurrency));
  const operations = targets.map((target, index) => {
    const headers = { authorization: `Bearer ${target.token}` };
    let next = 0;
    return async () => {
      const reply = await clients[index]!.request('GET', target.paths[next++ % target.paths.length]!, headers);
      return reply.status === 200 && Array.isArray((JSON.parse(reply.body) as { items?: unknown }).items);
    };
  });
  try {
    for (const operation of operations) await runLoop(operation, { ...options, seconds: Math.min(2, options.seconds) });
    return await runInterleaved(operations, options);
  } finally {
    for (const client of clients) client.close();
  }
}

/** The plans of one deep list page and one search, as the app's queries run them. */
export async function readPlans(db: Client, listPath: string, term: string): Promise<{ list: string; search: string }> {
  const url = new URL(listPath, 'http://x');
  const seq = (JSON.parse(Buffer.from(url.searchParams.get('cursor')!, 'base64url').toString('utf8')) as { seq: string }).seq;
  const explain = async (sql: string, values: unknown[]) =>
    (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, values)).rows.map((row) => row['QUERY PLAN']).join('\n');
  return {
    list: await explain('SELECT * FROM claims WHERE seq < $1 AND status = $2 ORDER BY seq DESC LIMIT 21', [seq, url.searchParams.get('status')]),
    search: await explain(`SELECT * FROM claims WHERE search_vector @@ (${searchQuerySql('$1')}) ORDER BY seq DESC LIMIT 21`, [term]),
  };
}
