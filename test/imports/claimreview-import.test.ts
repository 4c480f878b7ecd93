import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertProblem, uniqueToken } from '../support/factories';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

type Summary = {
  records: number; created: number; updated: number; unchanged: number; skipped: number; refusedCount: number;
  refused: Array<{ position: number; at: string; reason: string }>;
};

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

/** The fixture with its review URLs on a host of this run's own, so reruns on one PostgreSQL start afresh. */
const ownCopy = (name: string, host = `checkers-${uniqueToken()}.example`) => ({ host, text: fixture(name).replaceAll('checkers.example', host) });

const importLimit = 64 * 1024;

describe('ClaimReview import over HTTP', () => {
  let app: TestApp;
  let editor: TestUser;

  before(async () => {
    app = await startTestApp({ importBodyLimit: importLimit });
    editor = await app.user('editor');
  });
  after(() => app.close());

  const post = (body: string, type = 'application/ld+json', as = editor) =>
    as.api.post('/api/v1/imports/claimreview').set('Content-Type', type).send(body);
  const imported = async (body: string, type?: string): Promise<Summary> => {
    const response = await post(body, type);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body as Summary;
  };
  const rowsOf = (host: string) =>
    app.db.dataSource.query<Array<Record<string, any>>>(
      `SELECT url, publisher_name, claim_reviewed, claimant, claim_date::text, rating_text, rating_value, best_rating, worst_rating,
              date_published, language FROM external_fact_checks WHERE url LIKE $1 ORDER BY url`,
      [`https://${host}/%`],
    );

  it('when the same DataFeed is imported twice, then the second run creates nothing and each review is stored once', async () => {
    const { host, text } = ownCopy('datafeed.json');
    const first = await imported(text);
    assert.deepEqual({ ...first, refused: undefined }, { records: 3, created: 2, updated: 0, unchanged: 0, skipped: 0, refusedCount: 1, refused: undefined });
    assert.deepEqual(first.refused, [{ position: 3, at: 'body#/dataFeedElement/2', reason: 'url is missing: it is what tells one review from another' }]);

    const second = await imported(text);
    assert.equal(second.created, 0);
    assert.equal(second.unchanged, 2);
    const rows = await rowsOf(host);
    assert.equal(rows.length, 2);

    const bridge = rows.find((row) => row.url.endsWith('/bridge-cost'))!;
    assert.equal(bridge.publisher_name, 'Checkers United');
    assert.equal(bridge.claim_reviewed, 'The new bridge cost 5 million dollars');
    assert.equal(bridge.claimant, 'The ministry');
    assert.equal(bridge.claim_date, '2024-04-30');
    assert.equal(bridge.rating_text, 'Mostly false');
    assert.deepEqual([bridge.rating_value, bridge.best_rating, bridge.worst_rating], [2, 5, 1]);
    assert.equal(new Date(bridge.date_published).toISOString(), '2024-05-02T00:00:00.000Z');
    assert.equal(bridge.language, 'en');

    const summit = rows.find((row) => row.url.endsWith('/putin-vladivostok'))!;
    assert.equal(summit.rating_text, 'False', 'name when there is no alternateName');
    assert.equal(summit.rating_value, 1, 'numbers written as text');
    assert.equal(summit.claimant, 'Kremlin sources');
    assert.equal(summit.language, 'id');
    assert.equal(new Date(summit.date_published).toISOString(), '2023-09-14T01:30:00.000Z');
  });

  it('when a review changed upstream, then importing it again updates its row', async () => {
    const { host, text } = ownCopy('datafeed.json');
    await imported(text);
    const corrected = await imported(text.replace('"alternateName": "Mostly false"', '"alternateName": "False"').replace('"ratingValue": 2', '"ratingValue": 1'));
    assert.deepEqual([corrected.created, corrected.updated, corrected.unchanged], [0, 1, 1]);
    const bridge = (await rowsOf(host)).find((row) => row.url.endsWith('/bridge-cost'))!;
    assert.deepEqual([bridge.rating_text, bridge.rating_value], ['False', 1]);
  });

  it('when a file holds broken records, then the good ones are imported and each bad one is reported with its position and why', async () => {
    const { host, text } = ownCopy('broken-records.json');
    const summary = await imported(text, 'application/json');
    assert.equal(summary.created, 2);
    assert.equal(summary.skipped, 1, 'the Organization is passed over');
    assert.deepEqual(
      summary.refused.map(({ position, at }) => [position, at]),
      [[2, 'body#/1'], [3, 'body#/2'], [4, 'body#/3'], [5, 'body#/4'], [6, 'body#/5'], [7, 'body#/6'], [8, 'body#/7']],
    );
    const reasons = summary.refused.map(({ reason }) => reason);
    assert.match(reasons[0]!, /not an object/);
    assert.match(reasons[1]!, /url is not an absolute http\(s\) URL/);
    assert.match(reasons[2]!, /claimReviewed is missing/);
    assert.match(reasons[3]!, /ratingValue 11 lies outside/);
    assert.match(reasons[4]!, /datePublished is not an ISO 8601 date/);
    assert.match(reasons[5]!, /no reviewRating/);
    assert.match(reasons[6]!, /no @type/);
    assert.deepEqual((await rowsOf(host)).map((row) => row.url.split('/').at(-1)), ['good-one', 'good-two']);
  });

  it('when an HTML page embeds JSON-LD, then its ClaimReview is imported, other nodes skipped and a broken script refused', async () => {
    const { host, text } = ownCopy('review-page.html');
    const summary = await imported(text, 'text/html; charset=utf-8');
    assert.equal(summary.created, 1);
    assert.equal(summary.skipped, 2);
    assert.equal(summary.refusedCount, 1);
    assert.equal(summary.refused[0]!.at, 'body script 2');
    assert.match(summary.refused[0]!.reason, /not valid JSON/);
    const [row] = await rowsOf(host);
    assert.equal(row!.claim_reviewed, 'Tolls on the new bridge will be free </b> for a year');
    assert.equal(row!.rating_text, 'Misleading');
  });

  it('when one URL comes twice in a file, then it is stored once, as the later record says', async () => {
    const host = `checkers-${uniqueToken()}.example`;
    const review = (rating: string) => ({ '@type': 'ClaimReview', url: `https://${host}/same`, claimReviewed: 'Twice', reviewRating: { alternateName: rating } });
    const summary = await imported(JSON.stringify([review('False'), review('True')]));
    assert.deepEqual([summary.created, summary.updated], [1, 1]);
    const rows = await rowsOf(host);
    assert.deepEqual(rows.map((row) => row.rating_text), ['True']);
  });

  it('when text PostgreSQL cannot store or absurd numbers arrive, then only those records are refused', async () => {
    const host = `checkers-${uniqueToken()}.example`;
    const summary = await imported(JSON.stringify([
      { '@type': 'ClaimReview', url: `https://${host}/nul`, claimReviewed: 'A\u0000B', reviewRating: { alternateName: 'False' } },
      { '@type': 'ClaimReview', url: `https://${host}/huge`, claimReviewed: 'Huge', reviewRating: { ratingValue: 1e300 } },
      { '@type': 'ClaimReview', url: `https://${host}/lang`, claimReviewed: 'Odd language', inLanguage: 'not a language!', reviewRating: { alternateName: 'False' } },
      { '@type': 'ClaimReview', url: `https://${host}/${'x'.repeat(3000)}`, claimReviewed: 'Long URL', reviewRating: { alternateName: 'False' } },
      { '@type': 'ClaimReview', url: `https://${host}/fine`, claimReviewed: 'Fine', reviewRating: { alternateName: 'False' } },
    ]));
    assert.deepEqual([summary.created, summary.refusedCount], [1, 4]);
    assert.deepEqual((await rowsOf(host)).map((row) => row.url.split('/').at(-1)), ['fine']);
  });

  it('when JSON-LD nests deeper than a feed ever does, then that entry is refused and the request still answers', async () => {
    const summary = await imported(`${'['.repeat(5000)}{"@type": "ClaimReview"}${']'.repeat(5000)}`);
    assert.equal(summary.refusedCount, 1);
    assert.match(summary.refused[0]!.reason, /nested deeper than 16 levels/);
  });

  it('when anyone but an editor sends an import, then it is refused before the body is read', async () => {
    const body = ownCopy('datafeed.json').text;
    assertProblem(await post(body, 'application/ld+json', await app.user('checker')), 403, 'forbidden');
    assertProblem(await post(body, 'application/ld+json', await app.user('admin')), 403, 'forbidden');
    assertProblem(await app.anonymous.post('/api/v1/imports/claimreview').set('Content-Type', 'application/json').send('x'.repeat(2 * importLimit)), 401, 'unauthenticated');
  });

  it('when the body is too large, not JSON, of another type, empty or not UTF-8, then a problem says which', async () => {
    assertProblem(await post(JSON.stringify({ pad: 'x'.repeat(importLimit) })), 413, 'payload-too-large');
    assertProblem(await post('{"@type": "ClaimReview",'), 400, 'malformed-json');
    assertProblem(await post('<xml/>', 'application/xml'), 415, 'unsupported-media-type');
    assertProblem(await app.api.post('/api/v1/imports/claimreview').set('Content-Type', 'application/json'), 422, 'validation-failed');
    assertProblem(
      await editor.api.post('/api/v1/imports/claimreview').set('Content-Type', 'text/html').send(Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0xfe])),
      400,
      'invalid-encoding',
    );
  });

  it('when fact-checks are imported, then nothing public shows them and the desk’s claims do not include them', async () => {
    const { host, text } = ownCopy('datafeed.json');
    await imported(text);
    for (const path of ['/feed.json', '/claimreview.jsonld']) {
      const response = await app.anonymous.get(path);
      assert.equal(response.status, 200, path);
      assert.ok(!response.text.includes(host), `${path} shows no imported review`);
    }
    const claims = await app.api.get('/api/v1/claims').query({ q: 'bridge cost 5 million' });
    assert.ok(!JSON.stringify(claims.body).includes(host));
  });
});
