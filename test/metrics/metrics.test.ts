import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { PublicCache } from '../../src/public-cache/public-cache';
import { assertProblem, createArticle, createClaim } from '../support/factories';
import { countInvalidations, withoutInvalidation } from '../support/public-cache';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

const scraperToken = 'scraper-token-0123456789abcdef0123456789';
const unknownId = '00000000-0000-4000-8000-000000000000';

/** The samples of a Prometheus text exposition, by series (`name{labels}`). */
function samples(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    series.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return series;
}

const requestsOf = (method: string, route: string, status: number) =>
  `http_requests_total{method="${method}",route="${route}",status="${status}"}`;

describe('metrics', () => {
  let app: TestApp;
  let admin: TestUser;

  const scrape = async (): Promise<Map<string, number>> => {
    const response = await admin.api.get('/metrics');
    assert.equal(response.status, 200, response.text);
    return samples(response.text);
  };
  /** How much each of `series` grew while `act` ran. */
  const growth = async (series: string[], act: () => Promise<unknown>): Promise<number[]> => {
    const before = await scrape();
    await act();
    const after = await scrape();
    return series.map((name) => (after.get(name) ?? 0) - (before.get(name) ?? 0));
  };

  before(async () => {
    app = await startTestApp({ metricsToken: scraperToken });
    admin = await app.user('admin');
  });
  after(() => app.close());

  it('when an admin reads /metrics after some requests, then they are counted by method, route pattern and status', async () => {
    const claim = await createClaim(app.api, (await createArticle(app.api)).id);
    const series = [
      requestsOf('GET', '/feed.json', 200),
      requestsOf('GET', '/api/v1/claims/:id', 200),
      requestsOf('GET', '/api/v1/claims/:id', 404),
      requestsOf('GET', '/api/v1/claims/:id', 401),
      requestsOf('PATCH', '/api/v1/claims/:id', 428),
      requestsOf('GET', 'unmatched', 404),
    ];
    const grown = await growth(series, async () => {
      await app.anonymous.get('/feed.json').expect(200);
      await app.anonymous.get('/feed.json?limit=5').expect(200);
      await app.api.get(`/api/v1/claims/${claim.id}`).expect(200);
      await app.api.get(`/api/v1/claims/${unknownId}`).expect(404);
      await app.anonymous.get(`/api/v1/claims/${claim.id}`).expect(401);
      await app.api.patch(`/api/v1/claims/${claim.id}`).send({ summary: 'No If-Match' }).expect(428);
      await app.anonymous.get(`/no-such-page/${claim.id}`).expect(404);
    });
    assert.deepEqual(grown, [2, 1, 1, 1, 1, 1]);
  });

  it('when requests are timed, then the duration histogram has them in its +Inf bucket and count, and labels never carry a raw id', async () => {
    const claim = await createClaim(app.api, (await createArticle(app.api)).id);
    await app.api.get(`/api/v1/claims/${claim.id}/history`).expect(200);
    const response = await admin.api.get('/metrics');
    const series = samples(response.text);
    const labels = 'method="GET",route="/api/v1/claims/:id/history",status="200"';
    assert.equal(series.get(`http_request_duration_seconds_count{${labels}}`), 1);
    assert.equal(series.get(`http_request_duration_seconds_bucket{le="+Inf",${labels}}`), 1);
    assert.equal(series.get(`http_request_duration_seconds_bucket{le="10",${labels}}`), 1, 'buckets are cumulative');
    assert.ok(series.get(`http_request_duration_seconds_sum{${labels}}`)! > 0);
    assert.ok(!response.text.includes(claim.id), 'a claim id became a label value');
  });

  it('when the feed is read twice, then the public cache’s misses and hits grow', async () => {
    // Another test file's publication empties the cache at any time: the reads are counted when none came in between.
    const { grown, entries, size } = await withoutInvalidation(countInvalidations(app.publicCache), () => app.publicCache.invalidate('a test wants a miss'), async () => {
      const grown = await growth(['public_cache_misses_total', 'public_cache_hits_total'], async () => {
        await app.anonymous.get('/feed.json?limit=3').expect(200);
        await app.anonymous.get('/feed.json?limit=3').expect(200);
      });
      return { grown, entries: (await scrape()).get('public_cache_entries'), size: app.publicCache.size };
    });
    assert.deepEqual(grown, [1, 1]);
    assert.equal(entries, size);
  });

  it('when scraped, then the database pool and the process are described', async () => {
    const series = await scrape();
    const database = `{database="${app.db.kind}"}`;
    assert.equal(series.get(`db_pool_connections_max${database}`), app.config.database.kind === 'postgres' ? app.config.database.poolSize : 1);
    const open = series.get(`db_pool_connections_open${database}`)!;
    assert.ok(open >= 1, `connections open: ${open}`);
    assert.ok(series.get(`db_pool_connections_idle${database}`)! <= open);
    assert.ok(series.has(`db_pool_waiting_queries${database}`));
    assert.ok(series.get('process_resident_memory_bytes')! > 0);
    assert.ok(series.has('nodejs_eventloop_lag_p99_seconds'));
  });

  it('when another app runs in the same process, then its requests are not counted here', async () => {
    const other = createApp({ config: app.config, db: app.db, logger: pino({ level: 'silent' }), publicCache: new PublicCache() });
    const [grown] = await growth([requestsOf('GET', '/problems/:slug', 200)], () => supertest(other).get('/problems/forbidden').expect(200));
    assert.equal(grown, 0);
    const [ownGrowth] = await growth([requestsOf('GET', '/problems/:slug', 200)], () => app.anonymous.get('/problems/forbidden').expect(200));
    assert.equal(ownGrowth, 1);
  });

  describe('who may read them', () => {
    it('when no token is sent, then 401 problem+json asks for a bearer token and shows no metric', async () => {
      const response = await app.anonymous.get('/metrics');
      assertProblem(response, 401, 'unauthenticated');
      assert.match(String(response.headers['www-authenticate']), /^Bearer\b/);
      assert.doesNotMatch(response.text, /http_requests_total/);
    });

    it('when a checker or an editor asks, then 403', async () => {
      for (const role of ['checker', 'editor'] as const) assertProblem(await (await app.user(role)).api.get('/metrics'), 403, 'forbidden');
    });

    it('when METRICS_TOKEN is sent as the bearer token, then the metrics are served, not cached, in the Prometheus format', async () => {
      const response = await app.anonymous.get('/metrics').set('Authorization', `Bearer ${scraperToken}`);
      assert.equal(response.status, 200, response.text);
      assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.match(response.text, /^# TYPE http_request_duration_seconds histogram$/m);
    });

    it('when a token that is not METRICS_TOKEN but as long is sent, then 401', async () => {
      const wrong = `${scraperToken.slice(0, -1)}X`;
      assertProblem(await app.anonymous.get('/metrics').set('Authorization', `Bearer ${wrong}`), 401, 'unauthenticated');
    });

    it('when METRICS_TOKEN is sent to the API, then it is no person’s token there: 401', async () => {
      assertProblem(await app.anonymous.get('/api/v1/me').set('Authorization', `Bearer ${scraperToken}`), 401, 'unauthenticated');
    });
  });
});
