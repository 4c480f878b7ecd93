// Similar claims (GET /api/v1/claims/:id/similar) and the public search (GET /fact-checks?q=) on scale data.
import type { Client } from 'pg';

/** Claims spread over the table (by seq), so that the reads are not all of one cached page of the index. */
export async function similarPaths(db: Client, count = 50): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM claims WHERE seq IN (SELECT (1 + floor(random() * (SELECT max(seq) FROM claims)))::bigint FROM generate_series(1, $1 * 2)) LIMIT $1`,
    [count],
  );
  return rows.map((row) => `/api/v1/claims/${row.id}/similar`);
}

/**
 * Public searches: published quotes cut to a few words and reworded by dropping words, each query once
 * per run (a distinct query per request, so that the public cache does not answer: the query is measured).
 */
export async function searchQueries(db: Client, count = 200): Promise<string[]> {
  const { rows } = await db.query<{ quote: string }>(
    `SELECT quote FROM claims WHERE last_published_at IS NOT NULL AND seq > (SELECT max(seq) * random() FROM claims) LIMIT $1`,
    [count],
  );
  return rows.map(({ quote }, index) => {
    const words = quote.split(/\s+/).filter((_, position) => (position + index) % 4 !== 0);
    return `/fact-checks?q=${encodeURIComponent(words.slice(0, 12).join(' '))}`;
  });
}
