import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, patchClaim } from '../support/factories';
import { assertMatchesDocumented } from '../support/openapi';
import { countInvalidations, withoutInvalidation } from '../support/public-cache';
import { hireEditors, pathOf, propose, publish } from '../support/public';
import { claimWorded, uniqueWord } from '../support/similar';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Crew } from '../support/workflow';

const search = (app: TestApp, q: string, extra = '') => app.anonymous.get(`/fact-checks?q=${encodeURIComponent(q)}${extra}`);
const ids = (body: { items: Array<{ id: string }> }): string[] => body.items.map((item) => item.id);
/** The hits among this test's own claims: a database kept from earlier runs holds fact-checks worded alike. */
const idsAmong = (body: { items: Array<{ id: string }> }, own: Array<{ id: string }>): string[] =>
  ids(body).filter((id) => own.some((claim) => claim.id === id));

describe('GET /fact-checks?q= (has this been checked?)', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp({ publicRateLimit: { perMinute: 10_000_000, store: 'memory' } });
    crew = await hireEditors(app);
  });
  after(() => app.close());

  it('when a reader types a reworded claim, then the published fact-check is found with its verdict, and an unrelated one is not', async () => {
    const topic = uniqueWord();
    const checked = await claimWorded(app.api, `Kim Jong Un will meet Vladimir Putin in ${topic} next week, officials said.`);
    await publish(crew, checked.id, { rating: 'mostly-false', rationale: 'They met at the Vostochny cosmodrome.' });
    const unrelated = await claimWorded(app.api, `Rice prices in ${uniqueWord()} rose by 5 percent in October.`);
    await publish(crew, unrelated.id);

    const response = await search(app, `Officials say Kim Jong-un is to meet Putin in ${topic.toUpperCase()} next week`);
    assert.equal(response.status, 200, response.text);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(ids(response.body)[0], checked.id, 'best first');
    assert.deepEqual(idsAmong(response.body, [checked, unrelated]), [checked.id]);
    assertMatchesDocumented(response, 'get', '/fact-checks');
    const [hit] = response.body.items;
    assert.equal(hit.url, `${app.baseUrl}/fact-checks/${checked.id}`);
    assert.equal(hit.verdict.rating, 'mostly-false');
    assert.equal(hit.verdict.label, 'Mostly false');
    assert.equal(hit.claim.quote, checked.quote);
    assert.ok(hit.score > 0.3 && hit.score <= 1, String(hit.score));

    // A few words typed into a search box find it too.
    assert.deepEqual(ids((await search(app, `Putin ${topic}`)).body), [checked.id]);
  });

  it('when claims with the same words are unpublished, in review or edited after publication, then nothing unpublished matches or shows', async () => {
    const topic = uniqueWord();
    const words = `The governor said 5.000 families in ${topic} received rice aid.`;
    const draft = await claimWorded(app.api, words);
    const inReview = await claimWorded(app.api, words);
    await propose(crew, inReview.id, { rating: 'true', rationale: 'Proposed only.' });
    const published = await claimWorded(app.api, words);
    await publish(crew, published.id);
    assert.equal((await patchClaim(app.api, published.id, { summary: `Unpublished summary ${topic}` })).status, 200);

    const response = await search(app, `governor 5000 families ${topic} rice aid`);
    assert.equal(response.status, 200, response.text);
    assert.equal(ids(response.body)[0], published.id, 'best first');
    assert.deepEqual(idsAmong(response.body, [draft, inReview, published]), [published.id]);
    assert.ok(!response.text.includes(`Unpublished summary ${topic}`), 'only the approved snapshot is shown');
  });

  it('when the same query is spelled differently, then it is one cache entry; when something is published, then the next search sees it', async () => {
    const topic = uniqueWord();
    const first = await claimWorded(app.api, `The bridge over ${topic} cost Rp5.000 miliar.`);
    await publish(crew, first.id);
    // On PostgreSQL another test file's publication may empty the cache between the two reads: read them again.
    const { cold, warm, hits } = await withoutInvalidation(countInvalidations(app.publicCache), undefined, async () => {
      const cold = await search(app, `Jembatan ${topic} Rp5.000 miliar!`);
      const hitsBefore = app.publicCache.hits;
      const warm = await search(app, `jembatan ${topic.toUpperCase()} rp5,000 MILIAR`);
      return { cold, warm, hits: app.publicCache.hits - hitsBefore };
    });
    assert.equal(cold.status, 200, cold.text);
    assert.equal(hits, 1, 'the normalised query was served from the cache');
    assert.equal(warm.headers.etag, cold.headers.etag);
    assert.equal(warm.body.query, cold.body.query);

    const second = await claimWorded(app.api, `The bridge over ${topic} cost Rp5.000 miliar, he said.`);
    await publish(crew, second.id);
    const fresh = await search(app, `Jembatan ${topic} Rp5.000 miliar!`);
    assert.deepEqual(new Set(idsAmong(fresh.body, [first, second])), new Set([first.id, second.id]));
  });

  it('when there are more hits than the limit, then pages follow nextUrl, best first, without repeats', async () => {
    const topic = uniqueWord();
    const published: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const claim = await claimWorded(app.api, `Flooding closed ${index + 2} schools in ${topic} this week.`);
      await publish(crew, claim.id);
      published.push(claim.id);
    }
    const seen: string[] = [];
    const scores: number[] = [];
    let path: string | undefined = `/fact-checks?q=${encodeURIComponent(`flooding closed schools in ${topic}`)}&limit=1`;
    while (path) {
      const response = await app.anonymous.get(path);
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.items.length, 1);
      seen.push(...ids(response.body));
      scores.push(response.body.items[0].score);
      path = response.body.nextUrl ? pathOf(response.body.nextUrl, app.baseUrl) : undefined;
    }
    assert.deepEqual(seen.slice(0, 3).sort(), [...published].sort(), 'the three of this test come first: their topic matches too');
    assert.equal(new Set(seen).size, seen.length, 'no repeats');
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  });

  it('when the query is missing, empty, too long or oddly paged, then 400/422 problem+json; a made-up cursor or a query finding nothing is not kept', async () => {
    assertProblem(await app.anonymous.get('/fact-checks'), 422, 'validation-failed');
    assertProblem(await search(app, ''), 422, 'validation-failed');
    assertProblem(await search(app, '?!… —'), 422, 'validation-failed');
    assertProblem(await search(app, 'word '.repeat(100)), 422, 'validation-failed');
    assertProblem(await search(app, 'x'.repeat(1_001)), 422, 'validation-failed');
    assertProblem(await search(app, 'bridge', '&limit=0'), 422, 'validation-failed');
    assertProblem(await search(app, 'bridge', '&limit=51'), 422, 'validation-failed');
    assertProblem(await search(app, 'bridge', '&cursor=nonsense'), 422, 'validation-failed');
    assertProblem(await search(app, 'bridge', '&q=again'), 422, 'validation-failed');
    assertProblem(await search(app, 'bridge', '&sort=new'), 400, 'unknown-parameter');
    assertMatchesDocumented(await app.anonymous.get('/fact-checks'), 'get', '/fact-checks');

    const madeUp = Buffer.from(JSON.stringify({ s: 0.5, id: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    const { nothing, past, grew } = await withoutInvalidation(countInvalidations(app.publicCache), undefined, async () => {
      const size = app.publicCache.size;
      const nothing = await search(app, `${uniqueWord()} ${uniqueWord()}`);
      const past = await search(app, 'bridge', `&cursor=${madeUp}`);
      return { nothing, past, grew: app.publicCache.size - size };
    });
    assert.equal(nothing.status, 200, nothing.text);
    assert.deepEqual(nothing.body.items, []);
    assert.equal(past.status, 200);
    assert.equal(grew, 0, 'neither was kept');
  });

  it('when the longest query is sent, then it answers within a few seconds', async () => {
    const started = performance.now();
    const response = await search(app, Array.from({ length: 60 }, () => uniqueWord().slice(0, 4)).join(' ').slice(0, 300));
    assert.equal(response.status, 200, response.text);
    assert.ok(performance.now() - started < 10_000);
  });
});

describe('GET /fact-checks?q= rate limit', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ publicRateLimit: { perMinute: 2, store: 'memory' } });
  });
  after(() => app.close());

  it('when a client searches more than PUBLIC_RATE_LIMIT times a minute, then 429 with Retry-After, like the feed', async () => {
    assert.equal((await search(app, 'bridge')).status, 200);
    assert.equal((await search(app, 'other words')).status, 200);
    const refused = await search(app, 'third');
    assertProblem(refused, 429, 'rate-limited');
    assert.ok(refused.headers['retry-after']);
  });
});
