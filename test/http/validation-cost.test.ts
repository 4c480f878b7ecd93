import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { assertProblem, createArticle } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

type FieldError = { pointer?: string; parameter?: string; detail: string };

/**
 * Bodies built to be expensive: what they cost is measured in bench/validation.bench.ts; here, that
 * each is refused with a short list of errors and a small answer.
 */
describe('validation of bodies built to be expensive', () => {
  let app: TestApp;
  let articleId: string;
  before(async () => {
    app = await startTestApp();
    articleId = (await createArticle(app.api)).id;
  });
  after(() => app.close());

  const postJson = (path: string, json: string) => app.api.post(path).set('Content-Type', 'application/json').send(json);
  const members = (count: number, value = '0') => Array.from({ length: count }, (_, i) => `"u${i}":${value}`).join(',');

  function assertShortRefusal(response: supertest.Response, { truncated }: { truncated: boolean }): FieldError[] {
    assertProblem(response, 422, 'validation-failed');
    const errors = response.body.errors as FieldError[];
    assert.ok(errors.length >= 1 && errors.length <= 20, `${errors.length} errors`);
    assert.equal(response.body.truncated, truncated ? true : undefined);
    assert.ok(response.text.length < 4_000, `an answer of ${response.text.length} bytes`);
    return errors;
  }

  it('when a claim comes with 250,000 empty sources (1 MB), then 422 names the sources array alone, truncated, in a small answer', async () => {
    const json = `{"quote":"the new bridge cost","claimant":"The ministry","sources":[${Array(250_000).fill('{}').join(',')}]}`;
    assert.ok(json.length > 750_000);
    const errors = assertShortRefusal(await postJson(`/api/v1/articles/${articleId}/claims`, json), { truncated: true });
    assert.deepEqual(errors, [{ pointer: '#/sources', detail: '#/sources has more than 1000 items' }]);
  });

  it('when a claim comes with 500 sources, then 422 says at most 20, without an error per source', async () => {
    const json = `{"quote":"the new bridge cost","claimant":"The ministry","sources":[${Array(500).fill('{}').join(',')}]}`;
    const errors = assertShortRefusal(await postJson(`/api/v1/articles/${articleId}/claims`, json), { truncated: false });
    assert.deepEqual(errors, [{ pointer: '#/sources', detail: 'sources must contain no more than 20 elements' }]);
  });

  it('when an article comes with 80,000 unknown keys (1 MB), then 422 with one error, truncated, in a small answer', async () => {
    const errors = assertShortRefusal(await postJson('/api/v1/articles', `{${members(80_000)}}`), { truncated: true });
    assert.deepEqual(errors, [{ pointer: '#', detail: '# has more than 100 members' }]);
  });

  it('when an article comes with 60 unknown keys, then the first 20 are named and truncated says there are more', async () => {
    const errors = assertShortRefusal(await postJson('/api/v1/articles', `{${members(60)}}`), { truncated: true });
    assert.equal(errors.length, 20);
    assert.deepEqual(errors[0], { pointer: '#/u0', detail: 'property u0 should not exist' });
  });

  it('when 20 sources are each empty, then the first 20 of their 80 errors are listed, truncated', async () => {
    const json = `{"quote":"the new bridge cost","claimant":"The ministry","sources":[${Array(20).fill('{}').join(',')}]}`;
    const errors = assertShortRefusal(await postJson(`/api/v1/articles/${articleId}/claims`, json), { truncated: true });
    assert.equal(errors.length, 20);
    assert.ok(errors.every((error) => error.pointer?.startsWith('#/sources/')), JSON.stringify(errors[0]));
  });

  it('when an unknown key is a megabyte long, then the answer names it cut short', async () => {
    const key = 'k'.repeat(900_000);
    const errors = assertShortRefusal(await postJson('/api/v1/articles', `{"${key}":1,"title":"T","language":"en","body":"B"}`), { truncated: false });
    assert.deepEqual(errors, [{ pointer: `#/${'k'.repeat(64)}…`, detail: `property ${'k'.repeat(64)}… should not exist` }]);
  });

  it('when an unknown key comes with missing fields, then one answer names both', async () => {
    const errors = assertShortRefusal(await postJson('/api/v1/articles', '{"colour":"red","language":"en"}'), { truncated: false });
    const pointers = errors.map((error) => error.pointer);
    assert.ok(pointers.includes('#/colour') && pointers.includes('#/title') && pointers.includes('#/body'), JSON.stringify(errors));
  });

  it('when a field expected to be text holds 400,000 numbers, nested arrays or an object, then 422 points at that field alone', async () => {
    for (const value of [`[${Array(400_000).fill('0').join(',')}]`, `[{"a":{"b":{"c":[1]}}}]`, '{"nested":{}}']) {
      const response = await postJson('/api/v1/articles', `{"title":${value},"language":"en","body":"Text."}`);
      assertProblem(response, 422, 'validation-failed');
      const errors = response.body.errors as FieldError[];
      assert.ok(errors.length <= 20 && response.text.length < 4_000);
      assert.ok(errors.some((error) => error.pointer === '#/title' || error.pointer?.startsWith('#/title/')), JSON.stringify(errors));
      assert.ok(errors.every((error) => error.pointer?.startsWith('#/title')), 'no error comes from inside the value');
    }
  });

  it('when a quote is 120,000 emoji, then 422 says it is too long, as for a quote just over the limit', async () => {
    for (const quote of ['👍🏽'.repeat(120_000), 'x'.repeat(10_001)]) {
      const response = await app.api.post(`/api/v1/articles/${articleId}/claims`).send({ quote, claimant: 'The ministry' });
      assertProblem(response, 422, 'validation-failed');
      assert.deepEqual(response.body.errors, [{ pointer: '#/quote', detail: 'quote must be shorter than or equal to 10000 characters' }]);
    }
  });

  it('when a query repeats one unknown parameter a thousand times, then 422 lists 20, truncated', async () => {
    const query = Array.from({ length: 1_000 }, (_, i) => `x${i}=1`).join('&');
    const response = await app.api.get(`/api/v1/claims?${query}`);
    assertProblem(response, 422, 'validation-failed');
    const errors = response.body.errors as FieldError[];
    assert.equal(errors.length, 20);
    assert.deepEqual(errors[0], { parameter: 'x0', detail: 'property x0 should not exist' });
    assert.equal(response.body.truncated, true);
  });

  it('when a query nests brackets or repeats a known parameter, then 422 names the parameter, as Express’s simple parser reads it', async () => {
    const nested = await app.api.get('/api/v1/claims?status[a][b]=published');
    assertProblem(nested, 422, 'validation-failed');
    assert.deepEqual(nested.body.errors, [{ parameter: 'status[a][b]', detail: 'property status[a][b] should not exist' }]);
    const repeated = await app.api.get('/api/v1/claims?status=published&status=unverified');
    assertProblem(repeated, 422, 'validation-failed');
    assert.ok((repeated.body.errors as FieldError[]).every((error) => error.parameter === 'status'));
  });

  it('when a valid claim with 20 sources is sent, then it is stored with its whole chain', async () => {
    const sources = Array.from({ length: 20 }, (_, i) => ({ name: `Outlet ${i}`, kind: 'news_outlet', note: `hop ${i}` }));
    const response = await app.api
      .post(`/api/v1/articles/${articleId}/claims`)
      .send({ quote: 'Critics said the figure was too low.', claimant: 'Critics', sources });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.deepEqual(
      (response.body.sources as Array<{ name: string }>).map((source) => source.name),
      sources.map((source) => source.name),
    );
  });
});
