import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertMatchesDocumented } from '../support/openapi';
import { hireEditors, publish } from '../support/public';
import { claimWorded, uniqueWord } from '../support/similar';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import type { Crew } from '../support/workflow';

/** One ClaimReview of another organisation, as its page would embed it. */
const review = (url: string, claimReviewed: string, rating = 'False') => ({
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url,
  claimReviewed,
  author: { '@type': 'Organization', name: 'Checkers Elsewhere', url: 'https://elsewhere.example/' },
  reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: rating },
  itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'A minister' } },
  datePublished: '2026-10-01',
  inLanguage: 'en',
});

/** The URLs among `matches` that this test imported (under its topic): a database kept from earlier runs holds reviews worded alike. */
const ownUrls = (matches: Array<{ url: string }>, topic: string) =>
  matches.map((match) => match.url).filter((url) => url.startsWith(`https://elsewhere.example/${topic}/`));

describe('imported fact-checks in matching', () => {
  let app: TestApp;
  let editor: TestUser;
  let crew: Crew;
  before(async () => {
    app = await startTestApp({ publicRateLimit: { perMinute: 10_000_000, store: 'memory' } });
    editor = await app.user('editor');
    crew = await hireEditors(app);
  });
  after(() => app.close());

  const importReviews = async (reviews: object[]) => {
    const response = await editor.api.post('/api/v1/imports/claimreview').set('Content-Type', 'application/ld+json').send(JSON.stringify(reviews));
    assert.equal(response.status, 200, response.text);
    return response.body as { created: number; updated: number };
  };

  it('when another organisation checked a claim worded alike, then the desk sees it apart from its own claims, and an unrelated review is not listed', async () => {
    const topic = uniqueWord();
    const elsewhere = `https://elsewhere.example/${topic}/toll-road`;
    await importReviews([
      review(elsewhere, `The toll road to ${topic} cost 12 trillion rupiah to build`),
      review(`https://elsewhere.example/${topic}/rice`, `Rice prices in ${uniqueWord()} rose by 5 percent in October`),
    ]);
    const claim = await claimWorded(app.api, `He said the toll road to ${topic} cost 12 trillion rupiah to build.`);

    const response = await app.api.get(`/api/v1/claims/${claim.id}/similar`);
    assert.equal(response.status, 200, response.text);
    assertMatchesDocumented(response, 'get', '/api/v1/claims/{id}/similar');
    assert.deepEqual(ownUrls(response.body.external, topic), [elsewhere]);
    const match = response.body.external.find((found: { url: string }) => found.url === elsewhere);
    assert.equal(match.external, true);
    assert.deepEqual(match.publisher, { name: 'Checkers Elsewhere', url: 'https://elsewhere.example/' });
    assert.deepEqual(match.rating, { text: 'False', value: 1, best: 5, worst: 1 });
    assert.ok(match.trigramSimilarity > 0.5, String(match.trigramSimilarity));
    assert.ok(!response.body.items.some((item: { quote: string }) => item.quote.includes('toll road') && item.quote.includes(topic)), 'never among the desk’s claims');
  });

  it('when the public asks whether a claim was checked, then another organisation’s review is listed apart, on the first page only, and never as a verdict of the desk', async () => {
    const topic = uniqueWord();
    const elsewhere = `https://elsewhere.example/${topic}/bridge`;
    await importReviews([review(elsewhere, `The bridge over ${topic} cost Rp5.000 miliar`, 'Misleading')]);
    const own = await claimWorded(app.api, `The bridge over ${topic} cost Rp5.000 miliar, the governor said.`);
    await publish(crew, own.id);
    const second = await claimWorded(app.api, `Governor: the bridge over ${topic} cost Rp5.000 miliar.`);
    await publish(crew, second.id);

    const response = await app.anonymous.get(`/fact-checks?q=${encodeURIComponent(`bridge over ${topic} cost Rp5,000 miliar`)}&limit=1`);
    assert.equal(response.status, 200, response.text);
    assertMatchesDocumented(response, 'get', '/fact-checks');
    assert.deepEqual(ownUrls(response.body.elsewhere, topic), [elsewhere]);
    assert.equal(response.body.elsewhere.find((match: { url: string }) => match.url === elsewhere).rating.text, 'Misleading');
    assert.ok(response.body.items.every((item: { url: string }) => item.url.startsWith(app.baseUrl)), 'the desk’s own fact-checks only');

    const next = await app.anonymous.get(new URL(response.body.nextUrl).pathname + new URL(response.body.nextUrl).search);
    assert.equal(next.status, 200, next.text);
    assert.deepEqual(next.body.elsewhere, [], 'listed once, on the first page');
  });

  it('when a search was answered before a review worded like it is imported, then the next answer lists the review (the cached page is not kept)', async () => {
    const topic = uniqueWord();
    const words = `Power cuts in ${topic} lasted nine hours on Sunday, the utility said`;
    const published = await claimWorded(app.api, words);
    await publish(crew, published.id);
    const search = () => app.anonymous.get(`/fact-checks?q=${encodeURIComponent(words)}`);
    assert.deepEqual(ownUrls((await search()).body.elsewhere, topic), []);
    const url = `https://elsewhere.example/${topic}/power-cuts`;
    await importReviews([review(url, `Power cuts in ${topic} lasted nine hours on Sunday`)]);
    assert.deepEqual(ownUrls((await search()).body.elsewhere, topic), [url]);
  });

  it('when a review is imported again with other words, then it is matched by its new words only', async () => {
    const [before, after] = [uniqueWord(), uniqueWord()];
    const url = `https://elsewhere.example/${before}/reworded`;
    await importReviews([review(url, `Schools in ${before} will close for a month because of the floods`)]);
    assert.equal((await importReviews([review(url, `Hospitals in ${after} ran out of oxygen during the heatwave`)])).updated, 1);

    const search = async (words: string) => ownUrls((await app.anonymous.get(`/fact-checks?q=${encodeURIComponent(words)}`)).body.elsewhere, before);
    assert.deepEqual(await search(`hospitals in ${after} ran out of oxygen during the heatwave`), [url]);
    assert.deepEqual(await search(`schools in ${before} will close for a month because of the floods`), []);

    const [{ stale, missing }] = await app.db.dataSource.query(
      `SELECT (SELECT count(*) FROM external_wording_bands w WHERE w.external_id = e.id AND NOT w.key = ANY (e.wording_bands))::int AS stale,
              (SELECT count(*) FROM unnest(e.wording_bands) k(key) WHERE NOT EXISTS (SELECT 1 FROM external_wording_bands w WHERE w.external_id = e.id AND w.key = k.key))::int AS missing
         FROM external_fact_checks e WHERE e.url = $1`,
      [url],
    );
    assert.deepEqual({ stale, missing }, { stale: 0, missing: 0 }, 'the band table follows the re-imported words');

    // No route deletes an imported review; an operator's DELETE takes its keys with it (rolled back here).
    const runner = app.db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let keysLeft: number;
    try {
      // TypeORM answers a DELETE as [rows, affected].
      const [deleted] = (await runner.query(`DELETE FROM external_fact_checks WHERE url = $1 RETURNING id`, [url])) as [Array<{ id: string }>, number];
      assert.equal(deleted.length, 1);
      const { id } = deleted[0]!;
      [{ count: keysLeft }] = await runner.query(`SELECT count(*)::int AS count FROM external_wording_bands WHERE external_id = $1`, [id]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    assert.equal(keysLeft, 0, 'a deleted review leaves no band keys');
  });

  it('when a partner’s feed holds hundreds of reviews of one template, then the one worded like the claim is still listed first', async () => {
    const topic = uniqueWord();
    const template = (percent: number) => `Fuel subsidies for ${topic} drivers were cut by ${percent} percent this year`;
    const flood = Array.from({ length: 300 }, (_, index) => review(`https://elsewhere.example/${topic}/flood-${index}`, template(index)));
    const words = `${uniqueWord()} ${uniqueWord()} ${uniqueWord()} ${uniqueWord()} say ${template(7).toLowerCase()}`;
    const target = `https://elsewhere.example/${topic}/cooperatives`;
    await importReviews([...flood.slice(0, 150), review(target, words), ...flood.slice(150)]);
    const claim = await claimWorded(app.api, words);

    const response = await app.api.get(`/api/v1/claims/${claim.id}/similar`);
    assert.equal(response.status, 200, response.text);
    assert.equal(ownUrls(response.body.external, topic)[0], target);
    assert.equal(response.body.external.length, 5, 'the rest are reviews of the template');
  });
});
