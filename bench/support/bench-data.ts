import { Client } from 'pg';

/**
 * A database of its own for the benchmark, rebuilt each run: migrated by the app's own migrations
 * (run by the server at start), then filled here with `count` published fact-checks in bulk SQL.
 */
export async function recreateDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function fillPublishedFactChecks(url: string, count: number): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('BEGIN');
    const [checker, editor] = (
      await db.query<{ id: string }>(
        `INSERT INTO users (name, role) VALUES ('bench-checker', 'checker'), ('bench-editor', 'editor') RETURNING id`,
      )
    ).rows;
    await db.query(
      `INSERT INTO articles (slug, title, language, publisher, url, body, body_sha256)
       SELECT 'bench-' || g, 'Bridge budget report ' || g, 'en', 'Bench Daily', 'https://bench.test/news/' || g,
              'JAKARTA - The minister said the bridge cost ' || g || ' million dollars, officials said.',
              encode(sha256(convert_to('JAKARTA - The minister said the bridge cost ' || g || ' million dollars, officials said.', 'UTF8')), 'hex')
       FROM generate_series(1, $1) g`,
      [count],
    );
    await db.query(
      `INSERT INTO claims (article_id, quote, start_offset, end_offset, quote_sha256, summary, claimant, language,
                           status, rating, rating_scale_version, assignee_id, first_published_at, last_published_at, wording)
       SELECT a.id, 'the bridge cost ' || n || ' million dollars', 27, 27 + length('the bridge cost ' || n || ' million dollars'),
              encode(sha256(convert_to('the bridge cost ' || n || ' million dollars', 'UTF8')), 'hex'),
              'The minister says the bridge cost ' || n || ' million dollars.', 'The minister', 'en', 'published',
              (ARRAY['true','mostly-true','half-true','mostly-false','false','misleading','unproven'])[1 + n % 7], 1, $1,
              date_trunc('milliseconds', now() - make_interval(secs => n)), date_trunc('milliseconds', now() - make_interval(secs => n)),
              'the bridge cost ' || n || ' million dollars'
       FROM (SELECT id, substring(slug from 7)::int AS n FROM articles WHERE slug LIKE 'bench-%') a`,
      [checker!.id],
    );
    await db.query(
      `INSERT INTO verdicts (claim_id, rating, rating_scale_version, rationale, proposed_by, approved_by, published_at, claim_snapshot)
       SELECT c.id, c.rating, 1, 'The budget documents give a different figure for ' || c.quote || '.', $1, $2, c.last_published_at,
              jsonb_build_object('quote', c.quote, 'summary', c.summary, 'claimant', c.claimant, 'claimDate', NULL,
                                 'language', c.language, 'sources', jsonb_build_array(jsonb_build_object(
                                   'position', 0, 'name', 'Ministry of Public Works', 'kind', 'government', 'url', NULL, 'note', NULL)),
                                 'article', jsonb_build_object('title', a.title, 'url', a.url, 'publisher', a.publisher,
                                   'publishedAt', to_char(a.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'language', a.language))
       FROM claims c JOIN articles a ON a.id = c.article_id`,
      [checker!.id, editor!.id],
    );
    await db.query('COMMIT');
    await db.query('ANALYZE');
  } finally {
    await db.end();
  }
}
