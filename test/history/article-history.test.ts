import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, createArticle, createClaim } from '../support/factories';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

type ArticleEventJson = {
  id: string;
  action: string;
  actor: { id: string; name: string | null } | null;
  changes: Record<string, unknown>;
  createdAt: string;
};

describe('GET /api/v1/articles/:id/history', () => {
  let app: TestApp;
  let checker: TestUser;
  let editor: TestUser;
  before(async () => {
    app = await startTestApp();
    checker = await app.user('checker');
    editor = await app.user('editor');
  });
  after(() => app.close());

  async function articleHistory(articleId: string): Promise<ArticleEventJson[]> {
    const response = await checker.api.get(`/api/v1/articles/${articleId}/history`);
    assert.equal(response.status, 200, response.text);
    return response.body.items as ArticleEventJson[];
  }

  it('when an article has 25 changes, then its history comes in pages by limit and cursor, and a bad limit or cursor is 422', async () => {
    const article = await createArticle(checker.api);
    for (let change = 1; change <= 24; change++) {
      await checker.api.patch(`/api/v1/articles/${article.id}`).send({ title: `Title ${change}` }).expect(200);
    }
    const seen: ArticleEventJson[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await checker.api.get(`/api/v1/articles/${article.id}/history`).query({ limit: 10, ...(cursor ? { cursor } : {}) });
      assert.equal(response.status, 200, response.text);
      seen.push(...(response.body.items as ArticleEventJson[]));
      cursor = response.body.nextCursor as string | null;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.equal(seen.length, 25);
    assert.deepEqual(seen.map((event) => event.changes.title ?? null).slice(1).map((title) => (title as { to: string }).to), Array.from({ length: 24 }, (_, i) => `Title ${i + 1}`));
    for (const query of [{ limit: 0 }, { limit: 'many' }, { cursor: 'not-a-cursor' }]) {
      assertProblem(await checker.api.get(`/api/v1/articles/${article.id}/history`).query(query), 422, 'validation-failed');
    }
  });

  it('when an article is created, then its history is one article.created event by the creator with the metadata stored', async () => {
    const article = await createArticle(checker.api);
    const events = await articleHistory(article.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.action, 'article.created');
    assert.deepEqual(events[0]!.actor, { id: checker.id, name: checker.name });
    assert.deepEqual(events[0]!.changes, {
      url: article.url,
      slug: article.slug,
      title: article.title,
      publisher: 'Test Daily',
      language: 'en',
      publishedAt: '2026-11-20T01:00:00.000Z',
      bodySha256: article.bodySha256,
    });
  });

  it('when an article is patched, then article.updated records the actor and each changed field as from and to, and a patch that changes nothing records nothing', async () => {
    const article = await createArticle(checker.api);
    const patched = await editor.api.patch(`/api/v1/articles/${article.id}`).send({
      title: 'A new title',
      publisher: null,
      publishedAt: '2026-11-21T10:00:00Z',
      language: 'en', // unchanged: not recorded
    });
    assert.equal(patched.status, 200, patched.text);
    const unchanged = await checker.api.patch(`/api/v1/articles/${article.id}`).send({ title: 'A new title' });
    assert.equal(unchanged.status, 200, unchanged.text);
    const body = `${article.body} A sentence more.`;
    await checker.api.patch(`/api/v1/articles/${article.id}`).send({ body }).expect(200);

    const events = await articleHistory(article.id);
    assert.deepEqual(events.map((event) => event.action), ['article.created', 'article.updated', 'article.updated']);
    assert.deepEqual(events[1]!.actor, { id: editor.id, name: editor.name });
    assert.deepEqual(events[1]!.changes, {
      title: { from: article.title, to: 'A new title' },
      publisher: { from: 'Test Daily', to: null },
      publishedAt: { from: '2026-11-20T01:00:00.000Z', to: '2026-11-21T10:00:00.000Z' },
    });
    assert.deepEqual(events[2]!.actor, { id: checker.id, name: checker.name });
    const read = await checker.api.get(`/api/v1/articles/${article.id}`);
    assert.deepEqual(events[2]!.changes, { bodySha256: { from: article.bodySha256, to: read.body.bodySha256 } }, 'the body by its hash, not in full');
    assert.ok(Date.parse(events[1]!.createdAt) <= Date.parse(events[2]!.createdAt));
  });

  it('when a patch is refused, then no event is written', async () => {
    const article = await createArticle(checker.api);
    await createClaim(checker.api, article.id);
    const other = await createArticle(checker.api);
    assertProblem(await checker.api.patch(`/api/v1/articles/${article.id}`).send({ title: 'Changed', body: 'Replaced.' }), 409, 'article-body-locked');
    assertProblem(await checker.api.patch(`/api/v1/articles/${article.id}`).send({ title: 'Changed', url: other.url }), 409, 'duplicate-article');
    assert.deepEqual((await articleHistory(article.id)).map((event) => event.action), ['article.created']);
  });

  it('when the article is unknown or the id malformed, then 404; without a token 401; every reader may read it', async () => {
    assertProblem(await checker.api.get('/api/v1/articles/00000000-0000-4000-8000-000000000000/history'), 404, 'not-found');
    assertProblem(await checker.api.get('/api/v1/articles/not-a-uuid/history'), 404, 'not-found');
    const article = await createArticle(checker.api);
    assertProblem(await app.anonymous.get(`/api/v1/articles/${article.id}/history`), 401, 'unauthenticated');
    const admin = await app.user('admin');
    assert.equal((await admin.api.get(`/api/v1/articles/${article.id}/history`)).status, 200);
  });

  it('when anyone tries to change or delete the history in the database, then the database refuses', async () => {
    const article = await createArticle(checker.api);
    for (const sql of [
      `UPDATE article_events SET action = 'article.updated' WHERE article_id = $1`,
      `DELETE FROM article_events WHERE article_id = $1`,
    ]) {
      await assert.rejects(app.db.dataSource.query(sql, [article.id]), /article_events is append-only/);
    }
    await assert.rejects(app.db.dataSource.query('TRUNCATE article_events CASCADE'), /article_events is append-only/);
    assert.equal((await articleHistory(article.id)).length, 1);
  });
});
