import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { Article } from '../../src/articles/article.entity';
import { openDatabase } from '../../src/database/database';
import { loadSeedArticles } from '../../src/seed/fixtures';
import { seed } from '../../src/seed/seed';
import { copyEmbeddedTemplate, removeEmbeddedCopy } from '../support/databases';
import { uniqueToken } from '../support/factories';
import { runScript } from '../support/server-process';
import { startTestApp, type TestApp } from '../support/test-app';

const repoRoot = path.resolve(__dirname, '../..');
const dataDir = path.join(repoRoot, 'src/seed/data');
const articleFile = 'article-kim-putin-vladivostok.id.txt';
const seedSlug = 'kim-putin-vladivostok-id';

type SeedClaim = {
  key: string;
  quote: string;
  start: number;
  end: number;
  claimant: string;
  summary: string | null;
  sources: Array<{ name: string; kind: string }>;
};

// Read independently of src/seed/fixtures.ts: title, a blank line, then the body.
const articleText = fs.readFileSync(path.join(dataDir, articleFile), 'utf8');
const body = articleText.slice(articleText.indexOf('\n\n') + 2);
const claims = JSON.parse(fs.readFileSync(path.join(dataDir, 'kim-putin-vladivostok.claims.json'), 'utf8')) as SeedClaim[];
const claimByKey = new Map(claims.map((claim) => [claim.key, claim]));
const totalSources = claims.reduce((sum, claim) => sum + claim.sources.length, 0);

/** The rows a seed of `slug` left, counted in SQL: a duplicate would show as more claims than anchors. */
async function storedSeed(db: DataSource, slug: string) {
  const [row] = (await db.query(
    `SELECT (SELECT count(*) FROM articles WHERE slug = $1)::int AS articles,
            count(DISTINCT c.id)::int AS claims, count(DISTINCT (c.start_offset, c.end_offset))::int AS anchors, count(s.*)::int AS sources
       FROM articles a JOIN claims c ON c.article_id = a.id LEFT JOIN claim_sources s ON s.claim_id = c.id
      WHERE a.slug = $1`,
    [slug],
  )) as Array<Record<string, number>>;
  return row;
}

function occurrences(text: string, quote: string): number {
  let count = 0;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) count++;
  return count;
}

describe('seed', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const findSeeded = (slug: string) => app.db.dataSource.getRepository(Article).findOneBy({ slug });

  async function claimsOfArticle(articleId: string) {
    const response = await app.api.get('/api/v1/claims').query({ articleId, limit: 100 });
    assert.equal(response.status, 200);
    assert.equal(response.body.nextCursor, null);
    return response.body.items as Array<SeedClaim & { sources: Array<{ name: string; position: number }> }>;
  }

  async function assertSeededOnce(articleId: string) {
    const article = await app.api.get(`/api/v1/articles/${articleId}`);
    assert.equal(article.status, 200);
    assert.equal(article.body.body, body);
    assert.equal(article.body.claimCounts.total, claims.length);
    const stored = await claimsOfArticle(articleId);
    assert.deepEqual(
      stored.map((claim) => `${claim.start}-${claim.end}`).sort(),
      claims.map((claim) => `${claim.start}-${claim.end}`).sort(),
      'each seed claim exactly once',
    );
    assert.equal(stored.reduce((sum, claim) => sum + claim.sources.length, 0), totalSources, 'no source hop doubled');
  }

  it('when the shipped article is read, then it is the reviewed fixture, byte for byte (SHA-256 and length)', () => {
    const shipped = fs.readFileSync(path.join(dataDir, articleFile));
    assert.equal(shipped.length, 2456);
    assert.equal(createHash('sha256').update(shipped).digest('hex'), '95c9289891a5139eff8baf46c242ff29a7dd7e473cfa905fe6fa7ba33dde385c');
  });

  it('when each seed claim is cut from the body at its code point offsets, then it is its quote, found once', () => {
    const codePoints = Array.from(body);
    assert.equal(claims.length, 16);
    for (const claim of claims) {
      assert.equal(codePoints.slice(claim.start, claim.end).join(''), claim.quote, claim.key);
      assert.equal(occurrences(body, claim.quote), 1, `${claim.key} occurs exactly once`);
    }
    assert.equal(loadSeedArticles()[0]?.body, body, 'the seed loader reads the same body');
  });

  it('when the seed claims are listed, then their keys are unique', () => {
    const keys = claims.map((claim) => claim.key);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('when the claims the issue names are looked up by key, then each is there with its text', () => {
    const expected: Array<[key: string, quotePart: RegExp, claimant: string]> = [
      ['kim-putin-meeting-this-month', /ke Rusia bulan ini.*Presiden Vladimir Putin/, 'US and allied sources'],
      ['kim-putin-meeting-vladivostok', /di Vladivostok/, 'US and allied sources'],
      ['kim-armored-train-from-pyongyang', /kereta lapis baja dari Pyongyang/, 'US and allied sources'],
      ['russia-nk-joint-military-exercises', /latihan militer bersama/, 'The article (no source given)'],
      ['shoigu-sought-artillery-ammunition', /Shoigu.*amunisi artileri/, 'The article (no source given)'],
      ['us-warned-nk-more-weapons', /memperingatkan.*lebih banyak senjata/, 'United States government'],
      ['kirby-us-concerned-arms-talks', /prihatin dengan kemajuan pembicaraan senjata/, 'John Kirby'],
      ['watson-arms-negotiations-advancing', /negosiasi senjata.*mengalami kemajuan/, 'Adrienne Watson'],
      ['watson-kim-expects-leader-level-engagement', /keterlibatan diplomatik tingkat pemimpin/, 'Adrienne Watson'],
      ['white-house-secret-munitions-talks', /pembicaraan rahasia.*amunisi/, 'The White House'],
      ['kirby-nk-supplied-wagner-rockets', /menyangkalnya.*roket dan rudal.*Wagner/, 'John Kirby'],
      ['watson-urges-halt-arms-negotiations', /menghentikan negosiasi persenjataannya/, 'Adrienne Watson'],
    ];
    for (const [key, quotePart, claimant] of expected) {
      const claim = claimByKey.get(key);
      assert.ok(claim, `missing claim ${key}`);
      assert.match(claim.quote, quotePart, key);
      assert.equal(claim.claimant, claimant, key);
    }
    assert.match(claimByKey.get('kirby-us-concerned-arms-talks')!.summary!, /30 August/);
  });

  it('when seed() runs, then the article exists with its claims; run twice more, then nothing new is created', async () => {
    const first = await seed(app.db.dataSource);
    // On the embedded copy the database is fresh; a shared PostgreSQL may have been seeded by an earlier run.
    if (app.db.kind === 'embedded') assert.deepEqual(first, { articlesCreated: 1, claimsCreated: claims.length });
    else assert.equal(first.claimsCreated, first.articlesCreated * claims.length, JSON.stringify(first));
    const article = await findSeeded(seedSlug);
    assert.ok(article, 'the seed article exists');
    await assertSeededOnce(article.id);

    for (let run = 0; run < 2; run++) {
      assert.deepEqual(await seed(app.db.dataSource), { articlesCreated: 0, claimsCreated: 0 });
    }
    await assertSeededOnce(article.id);
  });

  it('when three seeds of a not yet seeded article run at once, then one creates it and none duplicates', async () => {
    // The shipped fixture under a fresh slug, so that the race is real on a shared PostgreSQL as well.
    const [shipped] = loadSeedArticles();
    const slug = `${seedSlug}-${uniqueToken()}`;
    const reports = await Promise.all(Array.from({ length: 3 }, () => seed(app.db.dataSource, [{ ...shipped!, slug }])));
    assert.equal(reports.reduce((sum, report) => sum + report.articlesCreated, 0), 1, JSON.stringify(reports));
    assert.equal(reports.reduce((sum, report) => sum + report.claimsCreated, 0), claims.length, JSON.stringify(reports));
    const article = await findSeeded(slug);
    assert.ok(article);
    await assertSeededOnce(article.id);
  });

  it('when four processes seed the same new article at once, then it is stored once with its 16 claims', { timeout: 120_000 }, async () => {
    const slug = `${seedSlug}-${uniqueToken()}`;
    // On PostgreSQL the processes share the suite's database; the embedded one gets a directory of their own.
    const database = app.db.kind === 'postgres' ? app.config.database : { kind: 'embedded' as const, dataDir: copyEmbeddedTemplate() };
    const env: Record<string, string> = database.kind === 'postgres' ? { DATABASE_URL: database.url } : { PGLITE_DATA_DIR: database.dataDir };
    try {
      const runs = await Promise.all(Array.from({ length: 4 }, () => runScript('test/seed/seed-copy.cli.ts', env, [slug])));
      const reports = runs.map((run) => {
        // The embedded directory admits one process at a time: the others are refused, having written nothing.
        if (run.code === 1 && database.kind === 'embedded' && /is in use by another process/.test(run.stderr)) return null;
        assert.equal(run.code, 0, run.stderr);
        return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { articlesCreated: number; claimsCreated: number };
      });
      const created = reports.filter((report) => report !== null);
      assert.ok(created.length >= 1, 'at least one process seeded');
      assert.equal(created.reduce((sum, report) => sum + report.articlesCreated, 0), 1, JSON.stringify(reports));
      assert.equal(created.reduce((sum, report) => sum + report.claimsCreated, 0), claims.length, JSON.stringify(reports));
      const db = database.kind === 'postgres' ? app.db : await openDatabase(database);
      try {
        assert.deepEqual(await storedSeed(db.dataSource, slug), { articles: 1, claims: claims.length, anchors: claims.length, sources: totalSources });
      } finally {
        if (db !== app.db) await db.close();
      }
    } finally {
      removeEmbeddedCopy(database);
    }
  });

  it('when seeded, then searching "Vladivostok" finds that claim with its source chain', async () => {
    await seed(app.db.dataSource);
    const article = await findSeeded(seedSlug);
    assert.ok(article);
    const response = await app.api.get('/api/v1/claims').query({ q: 'Vladivostok', articleId: article.id });
    assert.equal(response.status, 200);
    const items = response.body.items as Array<SeedClaim & { sources: Array<{ name: string; position: number }> }>;
    const vladivostok = claimByKey.get('kim-putin-meeting-vladivostok')!;
    const found = items.find((claim) => claim.quote === vladivostok.quote);
    assert.ok(found, `not found among ${JSON.stringify(items.map((claim) => claim.quote))}`);
    assert.equal(found.start, vladivostok.start);
    assert.equal(found.end, vladivostok.end);
    assert.equal(
      found.sources.map((source) => source.name).join(' → '),
      'US and allied sources → The New York Times → The National News',
    );
  });
});
