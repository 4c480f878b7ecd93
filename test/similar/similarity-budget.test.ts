import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { assertProblem } from '../support/factories';
import { hireEditors, publish } from '../support/public';
import { claimWorded, uniqueWord } from '../support/similar';
import { holdTable } from '../support/hold';
import { startTestApp, type TestApp } from '../support/test-app';

// SIMILAR_CONCURRENCY and SIMILAR_TIMEOUT_MS: a trigram search on a large table can take seconds, so
// each instance runs a few at once and (on PostgreSQL) stops one that runs too long.

/** Keeps similarity searches waiting: on PostgreSQL a lock on `ratings`, which GET /claims/:id/similar joins and creating a claim does not touch. */
const holdSimilarity = (app: TestApp) => holdTable(app, 'ratings');

/** A search that waits on the hold: on the embedded database one that needs no token (the token check would wait too). */
function blockedSearch(app: TestApp, claimId: string): Promise<supertest.Response> {
  const request = app.db.kind === 'postgres' ? app.api.get(`/api/v1/claims/${claimId}/similar`) : app.anonymous.get('/fact-checks').query({ q: uniqueWord() }).set('Accept', 'application/json');
  return request.then((response) => response);
}

/** The locks below would stall every other test file's searches and new claims on a shared database. */
const heldAlone = { ownDatabase: true };

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('similarity budget', () => {
  describe('SIMILAR_CONCURRENCY', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ similarity: { timeoutMs: 30_000, concurrency: 1 } }, heldAlone);
    });
    after(() => app.close());

    it('when more searches arrive than SIMILAR_CONCURRENCY, then the extra one is refused at once with 503 similarity-busy and Retry-After, and the first still answers', async () => {
      const claim = await claimWorded(app.api, `The river bridge ${uniqueWord()} cost five trillion rupiah, the minister said.`);
      const release = await holdSimilarity(app);
      let first: Promise<supertest.Response> | undefined;
      try {
        first = blockedSearch(app, claim.id);
        await settle();
        const started = Date.now();
        const refused = await app.anonymous.get('/fact-checks').query({ q: 'river bridge cost' }).set('Accept', 'application/json');
        assertProblem(refused, 503, 'similarity-busy');
        assert.equal(refused.headers['retry-after'], '2');
        assert.ok(Date.now() - started < 5_000, 'refused at once, not queued');
      } finally {
        await release();
      }
      assert.equal((await first!).status, 200, 'the search that held the slot answers once the database is free');
      const after = await app.anonymous.get('/fact-checks').query({ q: 'river bridge cost' }).set('Accept', 'application/json');
      assert.equal(after.status, 200, 'the slot is free again');
    });
  });

  describe('SIMILAR_CONCURRENCY and the search page', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ similarity: { timeoutMs: 30_000, concurrency: 1 }, publicRateLimit: { perMinute: 10_000_000, store: 'memory' } }, heldAlone);
    });
    after(() => app.close());

    it('when the similarity search is busy, then the search page still answers with its full-text results, without the worded-alike sections', async (t) => {
      if (app.db.kind !== 'postgres') return t.skip('holding the search without holding the page needs a lock only the similarity search waits on: PostgreSQL');
      const words = `The ferry to ${uniqueWord()} carried 900 passengers, the harbour master said.`;
      const claim = await claimWorded(app.api, words);
      await publish(await hireEditors(app), claim.id);
      // Only the band-key reads wait on this lock; the page's full-text search does not touch the table.
      const runner = app.db.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query('LOCK TABLE claim_wording_bands IN ACCESS EXCLUSIVE MODE');
      let held: Promise<supertest.Response> | undefined;
      try {
        held = app.anonymous.get('/fact-checks').query({ q: `${uniqueWord()} ${words}` }).set('Accept', 'application/json').then((response) => response);
        await settle();
        const page = await app.anonymous.get('/fact-checks').query({ q: words.split(' ').slice(0, 4).join(' ') }).set('Accept', 'text/html');
        assert.equal(page.status, 200, page.text);
        assert.ok(page.text.includes(`href="/fact-checks/${claim.id}"`), 'the full-text result');
        assert.ok(!page.text.includes('id="alike-heading"'), 'no worded-alike section while the search is busy');
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      assert.equal((await held!).status, 200);
    });
  });

  describe('SIMILAR_TIMEOUT_MS', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ similarity: { timeoutMs: 50, concurrency: 4 } }, heldAlone);
    });
    after(() => app.close());

    it('when a search runs longer than SIMILAR_TIMEOUT_MS, then it is stopped with 503 similarity-busy, and the next one answers', async (t) => {
      if (app.db.kind !== 'postgres') return t.skip('PGlite has no statement_timeout: SIMILAR_CONCURRENCY alone bounds the embedded database');
      const claim = await claimWorded(app.api, `Rice prices in ${uniqueWord()} rose by nine percent in a month.`);
      const release = await holdSimilarity(app);
      let stopped: supertest.Response;
      try {
        stopped = await app.api.get(`/api/v1/claims/${claim.id}/similar`);
      } finally {
        await release();
      }
      assertProblem(stopped, 503, 'similarity-busy');
      assert.match(stopped.body.detail, /longer than 50 ms/);
      assert.equal((await app.api.get(`/api/v1/claims/${claim.id}/similar`)).status, 200);
    });
  });
});
