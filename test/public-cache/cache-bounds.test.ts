import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../support/factories';
import { hireEditors, newPublicClaim, publish } from '../support/public';
import { countInvalidations, servedFromCache, withoutInvalidation } from '../support/public-cache';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Crew } from '../support/workflow';

const unlimited = { perMinute: 10_000_000, store: 'memory' } as const;
const scraperToken = 'scraper-token-cache-bounds-0123456789abcdef';
const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('public cache: canonical keys and a byte budget', () => {
  let app: TestApp;
  let crew: Crew;
  let factCheckId: string;
  /** A position the feed issues: this file's own fact-check, which no other file corrects (that would move it). */
  let position: { t: string; id: string };
  before(async () => {
    app = await startTestApp({ publicRateLimit: unlimited, metricsToken: scraperToken });
    crew = await hireEditors(app);
    for (let index = 0; index < 3; index++) {
      const published = await publish(crew, (await newPublicClaim(app.api)).id);
      factCheckId = published.id;
      position = { t: String(published.lastPublishedAt), id: published.id };
    }
  });
  after(() => app.close());

  it('when 500 anonymous requests bring made-up cursors, then each gets a page but none is kept', async () => {
    await app.anonymous.get('/feed.json');
    const entries = app.publicCache.size;
    for (let index = 0; index < 500; index++) {
      const cursor = forged({ t: new Date(Date.now() - Math.floor(Math.random() * 86_400_000)).toISOString(), id: randomUUID() });
      const response = await app.anonymous.get(`/feed.json?limit=10&cursor=${cursor}`);
      assert.equal(response.status, 200, response.text);
    }
    // Only this test reads this app's public pages now; other files' publications can only empty the cache.
    assert.ok(app.publicCache.size <= entries, `no entry for a made-up cursor: ${app.publicCache.size} entries, ${entries} before`);
    assert.ok(app.publicCache.bytes <= app.config.publicCacheMaxBytes);
  });

  it('when a cursor the feed issued is followed, then its page is kept like any other', async () => {
    const invalidations = countInvalidations(app.publicCache);
    await servedFromCache(app.anonymous, app.publicCache, invalidations, `/feed.json?limit=1&cursor=${forged(position)}`);
  });

  it('when the same page is asked for in other spellings (upper-case id, limit=20, a re-encoded cursor), then it is served from the same entry', async () => {
    const invalidations = countInvalidations(app.publicCache);
    const { t, id } = position;
    const spellings: Array<[canonical: string, variant: string]> = [
      [`/fact-checks/${factCheckId}`, `/fact-checks/${factCheckId.toUpperCase()}`],
      ['/feed.json', '/feed.json?limit=20'],
      ['/feed.json?limit=5', '/feed.json?limit=005'],
      [`/feed.json?limit=1&cursor=${forged({ t, id })}`, `/feed.json?cursor=${forged({ id: id.toUpperCase(), extra: 'x', t: t.replace('Z', '+00:00') })}&limit=1`],
    ];
    for (const [canonical, variant] of spellings) {
      const seen = await withoutInvalidation(invalidations, undefined, async () => {
        const warm = await app.anonymous.get(canonical);
        const before = { hits: app.publicCache.hits, misses: app.publicCache.misses, size: app.publicCache.size };
        const again = await app.anonymous.get(variant);
        return { warm, again, before, after: { hits: app.publicCache.hits, misses: app.publicCache.misses, size: app.publicCache.size } };
      });
      assert.equal(seen.again.status, 200, `${variant}: ${seen.again.text}`);
      assert.equal(seen.again.text, seen.warm.text, variant);
      assert.deepEqual(seen.after, { hits: seen.before.hits + 1, misses: seen.before.misses, size: seen.before.size }, `${variant} is ${canonical}'s entry`);
    }
  });

  it('when a public route gets a query parameter it does not take, then 400 unknown-parameter naming it, and nothing is cached', async () => {
    const cases: Array<[path: string, parameter: string]> = [
      ['/feed.json?foo=1', 'foo'],
      ['/feed.json?limit=5&utm_source=newsletter', 'utm_source'],
      [`/fact-checks/${factCheckId}?foo=1`, 'foo'],
      [`/fact-checks/${factCheckId}?v=${randomUUID()}`, 'v'],
    ];
    for (const [path, parameter] of cases) {
      const entries = app.publicCache.size;
      const response = await app.anonymous.get(path).set('Origin', 'https://reader.elsewhere.test');
      assertProblem(response, 400, 'unknown-parameter');
      assert.deepEqual((response.body.errors as Array<{ parameter: string }>).map((error) => error.parameter), [parameter], response.text);
      assert.equal(response.headers['access-control-allow-origin'], '*', path);
      assert.ok(app.publicCache.size <= entries, `${path}: nothing kept`);
    }
    const repeated = await app.anonymous.get('/feed.json?limit=5&limit=6');
    assertProblem(repeated, 422, 'validation-failed');
    const farFuture = await app.anonymous.get(`/feed.json?cursor=${forged({ t: '+275760-01-01T00:00:00.000Z', id: randomUUID() })}`);
    assertProblem(farFuture, 422, 'validation-failed');
  });

  it('when the pages read outgrow PUBLIC_CACHE_MAX_BYTES, then the least recently read goes first and the cache stays within it', async () => {
    // What one fact-check page with a 6,000-character rationale costs, measured on this app's cache.
    const rationale = (token: string) => `${token} `.repeat(600);
    const sized = await publish(crew, (await newPublicClaim(app.api)).id, { rating: 'false', rationale: rationale('measure00') });
    const invalidations = countInvalidations(app.publicCache);
    // From an empty cache each try: a try cut short by another file's publication may have kept the page.
    const entryBytes = await withoutInvalidation(invalidations, () => app.publicCache.invalidate('a try of its own'), async () => {
      const before = app.publicCache.bytes;
      assert.equal((await app.anonymous.get(`/fact-checks/${sized.id}`)).status, 200);
      return app.publicCache.bytes - before;
    });
    assert.ok(entryBytes > 12_000, `a page of ${entryBytes} bytes`);

    // Room for three such pages, not four.
    const small = await startTestApp({ publicRateLimit: unlimited, publicCacheMaxBytes: Math.floor(3.5 * entryBytes), metricsToken: scraperToken });
    try {
      const smallCrew = await hireEditors(small);
      const paths: string[] = [];
      for (const index of [0, 1, 2, 3]) {
        const claim = await newPublicClaim(small.api);
        await publish(smallCrew, claim.id, { rating: 'false', rationale: rationale(`claim${index}000`) });
        paths.push(`/fact-checks/${claim.id}`);
      }
      const [a, b, c, d] = paths as [string, string, string, string];
      const smallInvalidations = countInvalidations(small.publicCache);
      const read = async (path: string) => {
        const misses = small.publicCache.misses;
        assert.equal((await small.anonymous.get(path)).status, 200, path);
        return small.publicCache.misses === misses ? 'hit' : 'miss';
      };
      const emptyCache = () => small.publicCache.invalidate('each try starts from an empty cache');
      const seen = await withoutInvalidation(smallInvalidations, emptyCache, async () => {
        const filled = [await read(a), await read(b), await read(c), await read(a)];
        const heldThree = small.publicCache.size;
        const addedD = await read(d);
        return { filled, heldThree, addedD, size: small.publicCache.size, bytes: small.publicCache.bytes, then: [await read(a), await read(d), await read(c), await read(b)] };
      });
      assert.deepEqual(seen.filled, ['miss', 'miss', 'miss', 'hit'], 'three pages fit');
      assert.equal(seen.heldThree, 3);
      assert.equal(seen.addedD, 'miss');
      assert.equal(seen.size, 3, 'the fourth pushed one out');
      assert.ok(seen.bytes <= small.config.publicCacheMaxBytes, `${seen.bytes} bytes held, budget ${small.config.publicCacheMaxBytes}`);
      assert.deepEqual(seen.then, ['hit', 'hit', 'hit', 'miss'], 'a, read again after b, outlived b: b was the least recently read');

      const metrics = await small.anonymous.get('/metrics').set('Authorization', `Bearer ${scraperToken}`);
      const bytes = /^public_cache_bytes (\d+)$/m.exec(metrics.text);
      assert.ok(bytes, 'public_cache_bytes is scraped');
      assert.ok(Number(bytes[1]) <= small.config.publicCacheMaxBytes);
    } finally {
      await small.close();
    }
  });
});
