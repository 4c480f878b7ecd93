import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { normaliseWording } from '../../src/similar/wording';
import { bandCount, wordingBandKeys, wordingTrigrams } from '../../src/similar/wording-bands';
import { assertProblem } from '../support/factories';
import { assertMatchesDocumented } from '../support/openapi';
import { hireEditors, publish } from '../support/public';
import { claimWorded, uniqueWord } from '../support/similar';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Crew } from '../support/workflow';

describe('normalised wording', () => {
  it('when texts differ in case, diacritics, punctuation or digit grouping, then they read the same', () => {
    assert.equal(normaliseWording('Jembatan itu menelan biaya Rp5.000 miliar!'), normaliseWording('jembatan itu menelan biaya rp5,000 MILIAR'));
    assert.equal(normaliseWording('5.000'), '5000');
    assert.equal(normaliseWording('5,000,000 people'), '5000000 people');
    assert.equal(normaliseWording('5\u202f000'), '5000');
    assert.equal(normaliseWording('Café “Déjà-vu” — Łódź'), 'cafe deja vu łodz');
    assert.equal(normaliseWording('e\u0301t\u00e9'), 'ete');
  });

  it('when numbers are decimals or separate numbers, then they are not joined', () => {
    assert.equal(normaliseWording('3.5 percent'), '3 5 percent');
    assert.equal(normaliseWording('in 2024 500 homes'), 'in 2024 500 homes');
    assert.equal(normaliseWording('1,25'), '1 25');
  });
});

describe('wording band keys', () => {
  const sharedKeys = (a: string, b: string) => {
    const keys = new Set(wordingBandKeys(normaliseWording(a)));
    return wordingBandKeys(normaliseWording(b)).filter((key) => keys.has(key)).length;
  };

  it('when a wording is keyed, then it gets one key a band, the same every time, and none without letters or digits', () => {
    const keys = wordingBandKeys(normaliseWording('The governor said 5.000 families received rice aid.'));
    assert.equal(keys.length, bandCount);
    assert.equal(new Set(keys.map((key) => Math.floor(key / 2 ** 32))).size, bandCount, 'each key names its band');
    assert.deepEqual(wordingBandKeys(normaliseWording('the governor said 5,000 families received rice aid')), keys);
    assert.deepEqual(wordingBandKeys(normaliseWording('?! — …')), []);
  });

  it('when wordings are reworded, then they share keys; when unrelated, then none', () => {
    const rewordings: Array<[string, string]> = [
      ['Kim Jong Un will meet Vladimir Putin in Vladivostok next week, officials said.', 'Officials said Kim Jong-un is to meet Putin in VLADIVOSTOK next week'],
      ['Harga beras di Surabaya naik 5 persen pada bulan Oktober.', 'Menurut pedagang, harga beras di Surabaya naik 5 persen bulan Oktober'],
      ['The toll road to Bandung cost 12 trillion rupiah to build.', 'He said the toll road to Bandung cost 12 trillion rupiah to build.'],
    ];
    for (const [a, b] of rewordings) assert.ok(sharedKeys(a, b) >= 2, `${a} / ${b}: ${sharedKeys(a, b)} shared keys`);
    assert.equal(sharedKeys('The toll road to Bandung cost 12 trillion rupiah to build.', 'Harga beras di Surabaya naik 5 persen pada bulan Oktober.'), 0);
  });
});

describe('GET /api/v1/claims/:id/similar', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp();
    crew = await hireEditors(app);
  });
  after(() => app.close());

  it('when a claim rewords an earlier one, then the earlier one is listed with its score and status, and an unrelated one is not', async () => {
    const topic = uniqueWord();
    const earlier = await claimWorded(app.api, `Kim Jong Un will meet Vladimir Putin in ${topic} next week, officials said.`);
    const unrelated = await claimWorded(app.api, `The price of rice in Surabaya rose by 5 percent in October ${uniqueWord()}.`);
    const reworded = await claimWorded(app.api, `Officials said Kim Jong-un is to meet Putin in ${topic.toUpperCase()} next week`);

    const response = await app.api.get(`/api/v1/claims/${reworded.id}/similar`);
    assert.equal(response.status, 200, response.text);
    const ids = (response.body.items as Array<{ id: string }>).map((item) => item.id);
    assert.ok(ids.includes(earlier.id), 'the reworded claim finds the earlier one');
    assert.ok(!ids.includes(unrelated.id), 'the unrelated claim is not listed');
    assert.ok(!ids.includes(reworded.id), 'a claim is not similar to itself');
    assertMatchesDocumented(response, 'get', '/api/v1/claims/{id}/similar');
    const found = response.body.items.find((item: { id: string }) => item.id === earlier.id);
    assert.equal(found.status, 'unverified');
    assert.equal(found.publishedRating, null);
    assert.ok(found.score > 0.3 && found.score <= 1, `score ${found.score}`);
    assert.ok(found.trigramSimilarity > 0.5, `trigram similarity ${found.trigramSimilarity}`);
    assert.equal(found.quote, earlier.quote);
  });

  it('when a claim is created like an earlier one, then the answer to creating it lists the earlier one', async () => {
    const topic = uniqueWord();
    const earlier = await claimWorded(app.api, `The governor said 5.000 families in ${topic} received rice aid.`);
    const repeat = await claimWorded(app.api, `The governor said 5,000 families in ${topic} received rice aid`);
    assert.equal(repeat.similar[0]?.id, earlier.id, JSON.stringify(repeat.similar));
    assert.equal(repeat.similar[0]?.score > 0.75, true, 'the same words with other digit grouping score near the top');
  });

  it('when the earlier claim is a published fact-check, then it is listed with its published rating, and a later claim is not listed for an earlier one unless published', async () => {
    const topic = uniqueWord();
    const checked = await claimWorded(app.api, `The toll road to ${topic} cost 12 trillion rupiah to build.`);
    await publish(crew, checked.id, { rating: 'mostly-false', rationale: 'The audit office puts it at 9 trillion.' });
    const unchecked = await claimWorded(app.api, `The toll road to ${topic} cost 12 trillion rupiah to build, he said.`);
    const later = await claimWorded(app.api, `He said the toll road to ${topic} cost 12 trillion rupiah to build.`);

    const response = await app.api.get(`/api/v1/claims/${unchecked.id}/similar`);
    assert.equal(response.status, 200, response.text);
    const items = response.body.items as Array<Record<string, any>>;
    const published = items.find((item) => item.id === checked.id);
    assert.equal(published?.status, 'published');
    assert.deepEqual(published?.publishedRating, { rating: 'mostly-false', label: 'Mostly false' });
    assert.ok(published?.lastPublishedAt);
    assert.ok(!items.some((item) => item.id === later.id), 'a claim made later and never published is not an earlier claim');

    await publish(crew, later.id);
    const again = await app.api.get(`/api/v1/claims/${unchecked.id}/similar`);
    const laterNow = (again.body.items as Array<Record<string, any>>).find((item) => item.id === later.id);
    assert.equal(laterNow?.status, 'published', 'once published, a later claim is listed too');
  });

  it('when the trigrams of a wording are taken, then they are pg_trgm’s own', async () => {
    const wording = normaliseWording('Officials said Kim Jong-un is to meet Putin in 2024, a 5.000-strong crowd');
    const [{ trigrams }] = await app.db.dataSource.query(`SELECT show_trgm($1) AS trigrams`, [wording]);
    assert.deepEqual([...wordingTrigrams(wording)].sort(), [...(trigrams as string[])].sort());
  });

  it('when more claims than a band key reads share the common words of a claim, then an earlier claim worded like it is still found by its rarer words', async () => {
    const [place, person] = [uniqueWord(), uniqueWord()];
    const earlier = await claimWorded(app.api, `Governor ${person} said 5.000 families in ${place} received rice aid in March.`);
    for (let index = 0; index < 45; index += 1) {
      await claimWorded(app.api, `Governor ${uniqueWord()} said ${index + 10}.000 families in ${uniqueWord()} received rice aid in March.`);
    }
    const repeat = await claimWorded(app.api, `In March, ${place} governor ${person} said 5,000 families received rice aid`);
    assert.equal(repeat.similar[0]?.id, earlier.id, JSON.stringify(repeat.similar.slice(0, 3)));
  });

  it('when many claims are alike, then at most `limit` are listed, best first', async () => {
    const topic = uniqueWord();
    for (let index = 0; index < 4; index += 1) await claimWorded(app.api, `Flooding closed ${index + 1} schools in ${topic} this week.`);
    const last = await claimWorded(app.api, `Flooding closed 9 schools in ${topic} this week.`);
    const response = await app.api.get(`/api/v1/claims/${last.id}/similar?limit=2`);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.items.length, 2);
    assert.ok(response.body.items[0].score >= response.body.items[1].score);
  });

  it('when the claim is unknown or its id malformed, then 404 problem+json; a bad limit or unknown parameter, 422', async () => {
    const claim = await claimWorded(app.api, `Nothing like this was said in ${uniqueWord()}.`);
    assertProblem(await app.api.get('/api/v1/claims/00000000-0000-4000-8000-000000000000/similar'), 404, 'not-found');
    assertProblem(await app.api.get('/api/v1/claims/not-a-uuid/similar'), 404, 'not-found');
    assertProblem(await app.api.get(`/api/v1/claims/${claim.id}/similar?limit=0`), 422, 'validation-failed');
    assertProblem(await app.api.get(`/api/v1/claims/${claim.id}/similar?limit=51`), 422, 'validation-failed');
    assertProblem(await app.api.get(`/api/v1/claims/${claim.id}/similar?q=x`), 422, 'validation-failed');
  });

  it('when nobody signs in, then 401; every role that reads claims may list similar ones', async () => {
    const claim = await claimWorded(app.api, `Schools in ${uniqueWord()} will close for a month.`);
    assertProblem(await app.anonymous.get(`/api/v1/claims/${claim.id}/similar`), 401, 'unauthenticated');
    for (const role of ['checker', 'editor', 'admin'] as const) {
      const { api } = await app.user(role);
      assert.equal((await api.get(`/api/v1/claims/${claim.id}/similar`)).status, 200, role);
    }
  });

  it('when a claim is as long as a quote may be, then its similar list still answers quickly', async () => {
    const topic = uniqueWord();
    const sentence = `The minister said the budget for ${topic} grew by 7 percent. `;
    const long = sentence.repeat(Math.floor(10_000 / sentence.length)).trim();
    const claim = await claimWorded(app.api, long);
    const started = performance.now();
    const response = await app.api.get(`/api/v1/claims/${claim.id}/similar`);
    const elapsed = performance.now() - started;
    assert.equal(response.status, 200, response.text);
    assert.ok(elapsed < 10_000, `${Math.round(elapsed)} ms`);
  });
});
