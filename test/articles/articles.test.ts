import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { assertProblem, createArticle, createClaim, uniqueToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

describe('articles', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('when an article is posted, then it is stored with a body hash and read back with zero claim counts', async () => {
    const article = await createArticle(app.api, { language: 'en-gb' });
    assert.equal(article.language, 'en-GB');
    assert.equal(article.bodySha256, createHash('sha256').update(article.body).digest('hex'));
    const read = await app.api.get(`/api/v1/articles/${article.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.body, article.body);
    assert.equal(read.body.publishedAt, '2026-11-20T01:00:00.000Z');
    assert.deepEqual(read.body.claimCounts, {
      unverified: 0, in_progress: 0, in_review: 0, published: 0, not_checkable: 0, total: 0,
    });
  });

  it('when the URL is unknown, then the article is kept under its slug', async () => {
    const token = uniqueToken();
    const article = await createArticle(app.api, { url: undefined, slug: `local-${token}`, publisher: undefined });
    assert.equal(article.url, null);
    assert.equal(article.slug, `local-${token}`);
    assert.equal(article.publisher, null);
  });

  it('when no slug is given, then one is made from the title', async () => {
    const article = await createArticle(app.api, { title: 'Éditorial: Kim à Vladivostok' });
    assert.match(article.slug, /^editorial-kim-a-vladivostok-[0-9a-f]{6}$/);
  });

  it('when the same URL is posted twice, then the second gets 409 naming the first', async () => {
    const first = await createArticle(app.api);
    const second = await app.api.post('/api/v1/articles').send({
      url: first.url, title: 'Again', language: 'en', body: 'Some text.',
    });
    assertProblem(second, 409, 'duplicate-article');
    assert.equal(second.body.existingArticleId, first.id);
  });

  it('when the same URL is posted concurrently, then exactly one is created and the others get 409', async () => {
    const url = `https://news.test/race-${uniqueToken()}`;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.api.post('/api/v1/articles').send({ url, title: 'Race', language: 'en', body: 'Same article.' }),
      ),
    );
    assert.deepEqual(responses.map((response) => response.status).sort(), [201, 409, 409, 409, 409]);
  });

  it('when required fields are missing or unknown ones sent, then 422 lists each field', async () => {
    const response = await app.api.post('/api/v1/articles').send({ title: '', language: 'not a tag!', colour: 'red' });
    assertProblem(response, 422, 'validation-failed');
    const pointers = (response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer);
    for (const pointer of ['#/title', '#/language', '#/body', '#/colour']) assert.ok(pointers.includes(pointer), pointer);
  });

  it('when publishedAt has no offset, then it is refused rather than guessed', async () => {
    const response = await app.api.post('/api/v1/articles').send({
      title: 'T', language: 'en', body: 'B', publishedAt: '2026-11-20T08:00:00',
    });
    assertProblem(response, 422, 'validation-failed');
    assert.equal(response.body.errors[0].pointer, '#/publishedAt');
  });

  it('when publishedAt falls outside the years 0000–9999 in UTC, then it is refused; the edges are kept', async () => {
    for (const publishedAt of ['9999-12-31T23:59:59-12:00', '0000-01-01T00:00:00+14:00']) {
      const response = await app.api.post('/api/v1/articles').send({ title: 'T', language: 'en', body: `B ${publishedAt}`, publishedAt });
      assertProblem(response, 422, 'validation-failed');
      assert.equal(response.body.errors[0].pointer, '#/publishedAt');
    }
    for (const [publishedAt, stored] of [['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'], ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z']]) {
      const created = await createArticle(app.api, { publishedAt });
      assert.equal((await app.api.get(`/api/v1/articles/${created.id}`)).body.publishedAt, stored);
    }
  });

  it('when articles are listed page by page, then every article appears once, newest first', async () => {
    const created = [];
    for (let index = 0; index < 5; index++) created.push(await createArticle(app.api));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string; body?: string }>; nextCursor: string | null } } = await app.api
        .get('/api/v1/articles')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) });
      assert.ok(page.body.items.length <= 2);
      assert.equal(page.body.items[0]?.body, undefined, 'lists leave the body out');
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length, 'no article twice');
    const newestFirst = created.map((article) => article.id).reverse();
    assert.deepEqual(seen.filter((id) => newestFirst.includes(id)), newestFirst);
  });

  it('when the limit or cursor is bad, then 422 names the parameter', async () => {
    for (const query of [{ limit: 0 }, { limit: 101 }, { limit: 'ten' }, { cursor: 'bm9wZQ' }]) {
      const response = await app.api.get('/api/v1/articles').query(query);
      assertProblem(response, 422, 'validation-failed');
      assert.equal(response.body.errors[0].parameter, Object.keys(query)[0]);
    }
  });

  it('when metadata is patched, then it changes and null clears optional fields', async () => {
    const article = await createArticle(app.api);
    const response = await app.api
      .patch(`/api/v1/articles/${article.id}`)
      .send({ title: 'New title', publisher: null, url: null });
    assert.equal(response.status, 200);
    assert.equal(response.body.title, 'New title');
    assert.equal(response.body.publisher, null);
    assert.equal(response.body.url, null);
    const nullTitle = await app.api.patch(`/api/v1/articles/${article.id}`).send({ title: null });
    assertProblem(nullTitle, 422, 'validation-failed');
  });

  it('when the body is patched before any claim, then it changes; after a claim, then 409', async () => {
    const article = await createArticle(app.api);
    const newBody = `${article.body} One more sentence.`;
    const early = await app.api.patch(`/api/v1/articles/${article.id}`).send({ body: newBody });
    assert.equal(early.status, 200);
    assert.equal(early.body.bodySha256, createHash('sha256').update(newBody).digest('hex'));
    await createClaim(app.api, article.id);
    const late = await app.api.patch(`/api/v1/articles/${article.id}`).send({ body: 'Replaced.' });
    assertProblem(late, 409, 'article-body-locked');
    const read = await app.api.get(`/api/v1/articles/${article.id}`);
    assert.equal(read.body.body, newBody);
    assert.equal(read.body.claimCounts.unverified, 1);
  });

  it('when a patch takes another article’s URL, then 409 names that article', async () => {
    const first = await createArticle(app.api);
    const second = await createArticle(app.api);
    const response = await app.api.patch(`/api/v1/articles/${second.id}`).send({ url: first.url });
    assertProblem(response, 409, 'duplicate-article');
    assert.equal(response.body.existingArticleId, first.id);
  });

  it('when the id is not a UUID or does not exist, then 404', async () => {
    assertProblem(await app.api.get('/api/v1/articles/not-a-uuid'), 404, 'not-found');
    assertProblem(await app.api.get('/api/v1/articles/00000000-0000-4000-8000-000000000000'), 404, 'not-found');
    assertProblem(await app.api.patch('/api/v1/articles/00000000-0000-4000-8000-000000000000').send({ title: 'x' }), 404, 'not-found');
  });
});
