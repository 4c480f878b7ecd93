import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import supertest from 'supertest';
import { claimReviewFeedPage } from '../../src/feed/claim-review-feed';
import { cachedRoute } from '../../src/public-cache/cached-route';
import { PublicCache } from '../../src/public-cache/public-cache';
import { assertProblem } from '../support/factories';
import { countInvalidations, withoutInvalidation } from '../support/public-cache';
import { hireEditors, newPublicClaim, publish, republish } from '../support/public';
import { startTestApp, type TestApp } from '../support/test-app';
import { driveTo, type Crew } from '../support/workflow';

const base = 'https://checks.example.org';

type DataFeed = {
  '@context': unknown;
  '@type': string;
  url: string;
  dateModified?: string;
  'hydra:next'?: { '@id': string };
  dataFeedElement: Array<{ '@type': string; dateCreated: string; dateModified: string; item: Array<Record<string, any>> }>;
};

describe('/claimreview.jsonld', () => {
  let app: TestApp;
  let crew: Crew;

  before(async () => {
    app = await startTestApp({ publicBaseUrl: base });
    crew = await hireEditors(app);
  });
  after(() => app.close());

  const feed = async (): Promise<DataFeed> => {
    const response = await app.anonymous.get('/claimreview.jsonld');
    assert.equal(response.status, 200);
    return JSON.parse(response.text) as DataFeed;
  };

  it('when a fact-check is published, then the DataFeed holds its ClaimReview exactly as its page gives it, and never a draft', async () => {
    const published = await newPublicClaim(app.api);
    await publish(crew, published.id);
    const draft = await newPublicClaim(app.api);
    await driveTo(crew, draft.id, 'in_review');

    const response = await app.anonymous.get('/claimreview.jsonld');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/ld\+json/);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    const body = JSON.parse(response.text) as DataFeed;
    assert.equal(body['@type'], 'DataFeed');
    assert.equal(body.url, `${base}/claimreview.jsonld`);
    assert.ok(!response.text.includes(draft.token), 'no draft');

    const element = body.dataFeedElement.find((entry) => entry.item[0]!.url === `${base}/fact-checks/${published.id}`)!;
    assert.equal(element['@type'], 'DataFeedItem');
    const page = await app.anonymous.get(`/fact-checks/${published.id}`).set('Accept', 'application/ld+json');
    const claimReview = JSON.parse(page.text) as Record<string, unknown>;
    assert.deepEqual(element.item, [claimReview]);
    assert.equal(element.dateCreated, claimReview.datePublished);
    assert.equal(body.dateModified, body.dataFeedElement[0]!.dateModified, 'the newest change first');
  });

  it('when it is read again with its ETag, then 304; a publication changes it', async () => {
    // Another test file's publication between the two reads changes the feed: read them again then.
    const { first, again } = await withoutInvalidation(countInvalidations(app.publicCache), undefined, async () => {
      const first = await app.anonymous.get('/claimreview.jsonld').set('Accept-Encoding', 'identity');
      const again = await app.anonymous.get('/claimreview.jsonld').set('Accept-Encoding', 'identity').set('If-None-Match', String(first.headers.etag));
      return { first, again };
    });
    const etag = String(first.headers.etag);
    assert.match(String(first.headers['cache-control']), /public, max-age=60/);
    assert.ok(first.headers['last-modified']);
    assert.equal(again.status, 304);

    const next = await newPublicClaim(app.api);
    await publish(crew, next.id);
    const changed = await app.anonymous.get('/claimreview.jsonld').set('Accept-Encoding', 'identity').set('If-None-Match', etag);
    assert.equal(changed.status, 200);
    assert.ok(changed.text.includes(`/fact-checks/${next.id}`));
  });

  it('when a fact-check is corrected, then it appears once, with its new rating and dateModified', async () => {
    const claim = await newPublicClaim(app.api);
    await publish(crew, claim.id);
    await republish(crew, claim.id, { rating: 'true', rationale: 'The audit confirmed it.' }, 'Audit published.');
    const entries = (await feed()).dataFeedElement.filter((entry) => entry.item[0]!.url.endsWith(claim.id));
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.item[0]!.reviewRating.ratingValue, 5);
    assert.ok(entries[0]!.dateModified > entries[0]!.dateCreated);
  });

  it('when it is fed back to the import, then every fact-check is read as a ClaimReview and nothing is refused', async () => {
    const sent = await feed();
    const response = await app.api.post('/api/v1/imports/claimreview').set('Content-Type', 'application/ld+json').send(JSON.stringify(sent));
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.refusedCount, 0);
    assert.equal(response.body.records, sent.dataFeedElement.length);
  });

  it('when the query has anything but an issued cursor, then 400 or 422 and nothing is cached', async () => {
    assertProblem(await app.anonymous.get('/claimreview.jsonld?limit=5'), 400, 'unknown-parameter');
    assertProblem(await app.anonymous.get('/claimreview.jsonld?cursor=nonsense'), 422, 'validation-failed');
    const madeUp = Buffer.from(JSON.stringify({ t: '2020-01-01T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    const { page, grew } = await withoutInvalidation(countInvalidations(app.publicCache), undefined, async () => {
      const size = app.publicCache.size;
      const page = await app.anonymous.get(`/claimreview.jsonld?cursor=${madeUp}`);
      return { page, grew: app.publicCache.size - size };
    });
    assert.equal(page.status, 200);
    assert.equal((JSON.parse(page.text) as DataFeed).dataFeedElement.length, 0, 'nothing was published before 2020');
    assert.equal(grew, 0, 'a made-up position is not kept');
  });

  it('when more fact-checks are published than a page holds, then hydra:next links the rest', async () => {
    // Each read gets a fresh cache: a cached page would hide what changed since, and retries must see it.
    const feedApp = (pageSize: number) => express().get('/claimreview.jsonld', cachedRoute(new PublicCache(), claimReviewFeedPage(app.db.dataSource, () => ({
      baseUrl: base, organization: { name: 'Desk', url: undefined }, reviewLanguage: 'en',
    }), pageSize)));
    const read = async (from: express.Express, url: string) => JSON.parse((await supertest(from).get(url)).text) as DataFeed;
    const walk = async (): Promise<string[]> => {
      const small = feedApp(2);
      const seen: string[] = [];
      let url: string | undefined = '/claimreview.jsonld';
      while (url) {
        const body = await read(small, url);
        assert.ok(body.dataFeedElement.length <= 2);
        seen.push(...body.dataFeedElement.map((entry) => entry.item[0]!.url as string));
        url = body['hydra:next']?.['@id'].slice(base.length);
      }
      return seen;
    };
    // Other files publish and correct on the same database all the while, so the walk is held to what they
    // cannot move: this test's own fact-checks, each met once and newest first, and no fact-check met twice.
    const own: string[] = [];
    for (let index = 0; index < 3; index += 1) own.unshift(`${base}/fact-checks/${(await publish(crew, (await newPublicClaim(app.api)).id)).id}`);
    const seen = await walk();
    assert.equal(new Set(seen).size, seen.length, 'no fact-check on two pages');
    assert.deepEqual(seen.filter((url) => own.includes(url)), own);
    const whole = (await read(feedApp(1_000_000), '/claimreview.jsonld')).dataFeedElement.map((entry) => entry.item[0]!.url as string);
    assert.deepEqual(seen.filter((url) => !whole.includes(url)), [], 'every fact-check met is in the feed read whole');
  });
});
