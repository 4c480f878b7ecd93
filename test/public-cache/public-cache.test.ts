import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { onPublicChangeCommitted, publicationsChannel } from '../../src/public-cache/publications';
import { assertProblem, uniqueToken } from '../support/factories';
import { eventually, hireEditors, newPublicClaim, propose, publish } from '../support/public';
import { countInvalidations, servedFromCache } from '../support/public-cache';
import { startTestApp, type TestApp } from '../support/test-app';
import { moved, type Crew } from '../support/workflow';

const onPostgres = Boolean(process.env.DATABASE_URL);
const cacheControl = 'public, max-age=60, stale-while-revalidate=300';
const unlimited = { perMinute: 10_000_000, store: 'memory' } as const;

/**
 * The feed's first page changes whenever anyone publishes (other test files publish on a shared
 * PostgreSQL). Runs `attempt` with the current ETag and Last-Modified until it passes on a feed that
 * did not change in between; a 200 whose ETag is the one just sent fails at once.
 */
async function withSteadyFeed(agent: supertest.Agent, attempt: (etag: string, lastModified: string) => Promise<supertest.Response>) {
  for (let tries = 0; tries < 20; tries++) {
    const read = await agent.get('/feed.json');
    assert.equal(read.status, 200);
    const etag = String(read.headers.etag);
    const response = await attempt(etag, String(read.headers['last-modified']));
    if (response.status === 304) return response;
    assert.equal(response.status, 200, response.text);
    assert.notEqual(response.headers.etag, etag, `a 200 for the very ETag sent in If-None-Match: ${etag}`);
  }
  assert.fail('the feed changed under every one of 20 tries');
}

describe('public cache, conditional requests, CORS and rate limits', () => {
  let app: TestApp;
  let crew: Crew;
  let published: Record<string, any>;
  before(async () => {
    app = await startTestApp({ publicRateLimit: unlimited });
    crew = await hireEditors(app);
    published = await publish(crew, (await newPublicClaim(app.api)).id);
  });
  after(() => app.close());

  const factCheck = () => `/fact-checks/${published.id}`;

  describe('validators and Cache-Control', () => {
    it('when the feed or a fact-check is read, then it has a strong ETag, Last-Modified and Cache-Control public, max-age=60, stale-while-revalidate=300', async () => {
      const page = await app.anonymous.get(factCheck());
      assert.equal(page.status, 200);
      const ld = await app.anonymous.get(factCheck()).set('Accept', 'application/ld+json');
      assert.equal(ld.status, 200);
      const feed = await app.anonymous.get('/feed.json');
      assert.equal(feed.status, 200);
      for (const [what, response] of Object.entries({ page, ld, feed })) {
        assert.match(String(response.headers.etag), /^"[!#-~]+"$/, `${what}: a strong ETag (no W/)`);
        assert.equal(response.headers['cache-control'], cacheControl, what);
        assert.ok(!Number.isNaN(Date.parse(String(response.headers['last-modified']))), `${what}: Last-Modified is an HTTP date`);
      }
      assert.notEqual(page.headers.etag, ld.headers.etag, 'JSON and JSON-LD are different representations');
      assert.match(String(page.headers.vary), /Accept/);
      assert.equal(page.headers['last-modified'], new Date(published.lastPublishedAt).toUTCString());
      assert.equal(ld.headers['last-modified'], new Date(published.lastPublishedAt).toUTCString());
      const head = await app.anonymous.head(factCheck()).set('Accept-Encoding', 'gzip, deflate'); // what supertest's GET sends
      assert.equal(head.status, 200);
      assert.equal(head.headers.etag, page.headers.etag, 'HEAD has the validators of GET (in the same coding)');
      assert.equal(head.text ?? '', '');
      const newest = JSON.parse(feed.text).items[0];
      assert.equal(feed.headers['last-modified'], new Date(newest.date_modified).toUTCString(), 'the feed changed when its newest item did');
    });

    it('when If-None-Match carries the current ETag, then 304 with no body, and a stale ETag gets the page', async () => {
      const page = await app.anonymous.get(factCheck());
      const etag = String(page.headers.etag);
      const notModified = await app.anonymous.get(factCheck()).set('If-None-Match', etag);
      assert.equal(notModified.status, 304);
      assert.equal(notModified.text, '');
      assert.equal(notModified.headers['content-length'] ?? '0', '0');
      assert.equal(notModified.headers.etag, etag);
      assert.equal(notModified.headers['cache-control'], cacheControl);
      const listed = await app.anonymous.get(factCheck()).set('If-None-Match', `"other", ${etag}`);
      assert.equal(listed.status, 304, 'one of several ETags matching is enough');
      const stale = await app.anonymous.get(factCheck()).set('If-None-Match', '"not-the-current-one"');
      assert.equal(stale.status, 200);
      assert.equal(stale.text, page.text);

      const feed = await withSteadyFeed(app.anonymous, (current) => app.anonymous.get('/feed.json').set('If-None-Match', current));
      assert.equal(feed.text, '');
      assert.equal(feed.headers['cache-control'], cacheControl);
    });

    it('when If-Modified-Since is not before Last-Modified, then 304, and an earlier date gets the page', async () => {
      const page = await app.anonymous.get(factCheck());
      const lastModified = String(page.headers['last-modified']);
      const notModified = await app.anonymous.get(factCheck()).set('If-Modified-Since', lastModified);
      assert.equal(notModified.status, 304);
      assert.equal(notModified.text, '');
      const earlier = new Date(Date.parse(lastModified) - 1_000).toUTCString();
      const modified = await app.anonymous.get(factCheck()).set('If-Modified-Since', earlier);
      assert.equal(modified.status, 200);
      assert.equal(modified.text, page.text);

      await withSteadyFeed(app.anonymous, (_etag, since) => app.anonymous.get('/feed.json').set('If-Modified-Since', since));
    });

    it('when a fact-check is not found, then the 404 says Cache-Control: no-store and has no validators', async () => {
      const missing = await app.anonymous.get('/fact-checks/00000000-0000-4000-8000-000000000000');
      assertProblem(missing, 404, 'not-found');
      assert.equal(missing.headers['cache-control'], 'no-store');
      assert.equal(missing.headers.etag, undefined);
      assert.equal(missing.headers['last-modified'], undefined);
    });
  });

  describe('CORS', () => {
    const origin = 'https://reader.elsewhere.test';

    it('when a public route is read from another origin, then Access-Control-Allow-Origin is *, on errors too', async () => {
      for (const path of ['/feed.json', factCheck(), '/fact-checks/00000000-0000-4000-8000-000000000000', '/feed.json?limit=0']) {
        const response = await app.anonymous.get(path).set('Origin', origin);
        assert.ok([200, 404, 422].includes(response.status), `${path}: ${response.status}`);
        assert.equal(response.headers['access-control-allow-origin'], '*', path);
      }
    });

    it('when a browser preflights a public route, then GET and HEAD are allowed and nothing else', async () => {
      for (const path of ['/feed.json', factCheck()]) {
        const preflight = await app.anonymous
          .options(path)
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'GET');
        assert.ok([200, 204].includes(preflight.status), `${path}: ${preflight.status}`);
        assert.equal(preflight.headers['access-control-allow-origin'], '*');
        const methods = String(preflight.headers['access-control-allow-methods']).split(',').map((method) => method.trim()).sort();
        assert.deepEqual(methods, ['GET', 'HEAD'], path);
      }
    });

    it('when an /api/v1 route is called from another origin, then no CORS header allows it', async () => {
      const read = await app.api.get(`/api/v1/claims/${published.id}`).set('Origin', origin);
      assert.equal(read.status, 200);
      assert.equal(read.headers['access-control-allow-origin'], undefined);
      const anonymous = await app.anonymous.get('/api/v1/ratings').set('Origin', origin);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers['access-control-allow-origin'], undefined);
      const preflight = await app.anonymous
        .options('/api/v1/claims')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type');
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
      assert.equal(preflight.headers['access-control-allow-methods'], undefined);
    });
  });

  describe('the cache', () => {
    it('when the feed is read twice, then the second read is served from the cache, not the database', async () => {
      await publish(crew, (await newPublicClaim(app.api)).id);
      const invalidations = countInvalidations(app.publicCache);
      for (const path of ['/feed.json', '/feed.json?limit=3', `/fact-checks/${published.id}`]) {
        const { first, second } = await servedFromCache(app.anonymous, app.publicCache, invalidations, path);
        assert.equal(second.text, first.text, path);
        assert.equal(second.headers.etag, first.headers.etag, path);
      }
    });

    it('when a claim is published, then the very next read of the feed and of its page shows it, with a new ETag', async () => {
      const invalidations = countInvalidations(app.publicCache);
      for (let round = 0; round < 5; round++) {
        const claim = await newPublicClaim(app.api);
        const missing = await app.anonymous.get(`/fact-checks/${claim.id}`);
        assertProblem(missing, 404, 'not-found');
        // The feed is in the cache before the publication, so that only an invalidation can show the claim.
        const { second: before } = await servedFromCache(app.anonymous, app.publicCache, invalidations, '/feed.json?limit=100');

        await publish(crew, claim.id);
        const afterwards = await app.anonymous.get('/feed.json?limit=100');
        assert.ok(
          (JSON.parse(afterwards.text).items as Array<{ id: string }>).some((item) => item.id.endsWith(`/fact-checks/${claim.id}`)),
          `round ${round}: the next feed read has the new fact-check`,
        );
        assert.notEqual(afterwards.headers.etag, before.headers.etag, 'and a new ETag');
        const page = await app.anonymous.get(`/fact-checks/${claim.id}`);
        assert.equal(page.status, 200, `round ${round}: the 404 read before was not kept past the publication`);
      }
    });

    it('when a publication commits, then this instance is told before the response, without waiting for its NOTIFY', async () => {
      const claim = await newPublicClaim(app.api);
      await propose(crew, claim.id, { rating: 'false', rationale: `Budget papers say 9 million (${uniqueToken()}).` });
      let told = 0;
      const forget = onPublicChangeCommitted(app.db.dataSource, () => told++);
      try {
        await moved(crew.editor.api, claim.id, { to: 'published' });
        assert.equal(told, 1, 'the commit itself signalled this instance once');
      } finally {
        forget();
      }
    });

    it('when this instance’s own NOTIFY comes back, then it does not drop the cache a second time', async () => {
      const invalidations = countInvalidations(app.publicCache);
      const claim = await newPublicClaim(app.api);
      await publish(crew, claim.id);
      // Notifications arrive in order: once a later one is here, the publication's echo has come too.
      const marker = `marker-${uniqueToken()}`;
      await app.db.dataSource.query('SELECT pg_notify($1, $2)', [publicationsChannel, marker]);
      await eventually(async () => invalidations.causes.some((cause) => cause.includes(marker)), 2_000, 'the marker arrived');
      assert.ok(invalidations.causes.includes('committed here'), 'dropped at the commit');
      assert.deepEqual(invalidations.causes.filter((cause) => cause.includes(claim.id)), [], 'and not again for the echo');
    });

    it('when the article of a published fact-check is retitled, then nothing is announced and the page stays as approved, rendered again or not', async () => {
      const claim = await newPublicClaim(app.api);
      await publish(crew, claim.id);
      const before = await app.anonymous.get(`/fact-checks/${claim.id}`);
      assert.equal(before.status, 200);
      let told = 0;
      const forget = onPublicChangeCommitted(app.db.dataSource, () => told++);
      try {
        const patched = await app.api.patch(`/api/v1/articles/${claim.articleId}`).send({ title: `Retitled ${uniqueToken()}` });
        assert.equal(patched.status, 200, patched.text);
      } finally {
        forget();
      }
      assert.equal(told, 0, 'an article change is not a public change');
      app.publicCache.invalidate('a test renders the page from the database again');
      const after = await app.anonymous.get(`/fact-checks/${claim.id}`);
      assert.equal(after.text, before.text);
      assert.equal(after.headers.etag, before.headers.etag);
    });
  });

  describe('rate limit', () => {
    /** Requests left, from the IETF RateLimit header (draft 7: `limit=5, remaining=4, reset=60`; draft 8: `"policy";r=4;t=60`). */
    const remaining = (response: supertest.Response): number => {
      const header = String(response.headers.ratelimit);
      const match = /(?:^|[;,]\s*)(?:remaining|r)=(\d+)/.exec(header);
      assert.ok(match, `a RateLimit header with the requests remaining: ${header}`);
      return Number(match[1]);
    };
    const problemOf = (response: supertest.Response) => {
      assertProblem(response, 429, 'rate-limited');
      assert.equal(remaining(response), 0);
      assert.ok(Number(response.headers['retry-after']) > 0, `Retry-After: ${String(response.headers['retry-after'])}`);
    };

    it('when a client makes a 6th public request within a minute against a limit of 5, then 429 rate-limited with RateLimit and Retry-After', async () => {
      const limited = await startTestApp({ publicRateLimit: { perMinute: 5, store: 'memory' } });
      try {
        const paths = ['/feed.json', '/feed.json', '/fact-checks/00000000-0000-4000-8000-000000000000', '/feed.json?limit=1', '/feed.json'];
        for (const [index, path] of paths.entries()) {
          const response = await limited.anonymous.get(path);
          assert.notEqual(response.status, 429, `request ${index + 1} is within the limit`);
          assert.equal(remaining(response), 4 - index, `request ${index + 1}`);
          assert.match(String(response.headers['ratelimit-policy']), /(^|[;,\s])(q=)?5(;|,|$)/, 'the policy names the limit of 5');
        }
        problemOf(await limited.anonymous.get('/feed.json'));
        problemOf(await limited.anonymous.get('/fact-checks/00000000-0000-4000-8000-000000000000'));
        const api = await limited.api.get('/api/v1/ratings');
        assert.equal(api.status, 200, 'the editors’ API is not limited by the public limit');
      } finally {
        await limited.close();
      }
    });

    it('when two instances count in PostgreSQL, then 3 requests on one and 3 on the other make the 6th a 429', { skip: !onPostgres && 'needs DATABASE_URL' }, async () => {
      const options = { publicRateLimit: { perMinute: 5, store: 'postgres' } } as const;
      const [a, b] = [await startTestApp(options), await startTestApp(options)];
      try {
        // The count is kept per fixed minute: start well inside one, with this client's count at zero.
        const intoMinute = Date.now() % 60_000;
        if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
        await a.db.dataSource.query(`DELETE FROM public_rate_limits WHERE key LIKE 'public:%127.0.0.1'`);
        for (const [index, instance] of [a, a, a, b, b].entries()) {
          const response = await instance.anonymous.get('/feed.json');
          assert.equal(response.status, 200, `request ${index + 1}`);
          assert.equal(remaining(response), 4 - index, `request ${index + 1}: the count is shared`);
        }
        problemOf(await b.anonymous.get('/feed.json'));
        problemOf(await a.anonymous.get('/feed.json'));
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  describe('invalidation across instances', () => {
    it('when a claim is published on one instance, then the other instance’s cached feed shows it within 2 s (NOTIFY, not a timer)', { skip: !onPostgres && 'needs DATABASE_URL' }, async () => {
      const other = await startTestApp({ publicRateLimit: unlimited });
      try {
        const invalidations = countInvalidations(other.publicCache);
        const claim = await newPublicClaim(app.api);
        // Warm both caches, and see the other instance serve its feed from its cache.
        await app.anonymous.get('/feed.json?limit=100');
        await servedFromCache(other.anonymous, other.publicCache, invalidations, '/feed.json?limit=100');
        const invalidationsBefore = invalidations.count;
        await publish(crew, claim.id);
        const started = Date.now();
        await eventually(
          async () => {
            const response = await other.anonymous.get('/feed.json?limit=100');
            return (JSON.parse(response.text).items as Array<{ id: string }>).some((item) => item.id.endsWith(`/fact-checks/${claim.id}`));
          },
          2_000,
          'the other instance’s feed has the claim published on the first',
        );
        assert.ok(invalidations.count > invalidationsBefore, 'the other instance dropped its cache on a notification');
        assert.ok(Date.now() - started < 2_000);
        const page = await other.anonymous.get(`/fact-checks/${claim.id}`);
        assert.equal(page.status, 200);
      } finally {
        await other.close();
      }
    });

    it('when a publication is announced on the database’s channel, then the instance drops its cache (embedded and PostgreSQL alike)', async () => {
      const invalidations = countInvalidations(app.publicCache);
      await app.anonymous.get('/feed.json');
      const before = invalidations.count;
      await app.db.dataSource.query('SELECT pg_notify($1, $2)', [publicationsChannel, 'announced-by-a-test']);
      await eventually(async () => invalidations.count > before, 2_000, 'the notification reached the cache');
      const misses = app.publicCache.misses;
      assert.equal((await app.anonymous.get('/feed.json')).status, 200);
      assert.equal(app.publicCache.misses, misses + 1, 'the feed is rendered again');
    });
  });
});
