import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hireEditors, newPublicClaim, proposeCorrection, publish } from '../support/public';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { moved, type Crew } from '../support/workflow';

type ArticleChangedJson = {
  id: string;
  article: { id: string; title: string };
  status: string;
  publishedAt: string;
  articleChanges: Record<string, { published: string | null; current: string | null }>;
};

describe('desk: articles changed since publication', () => {
  let app: TestApp;
  let crew: Crew;
  let checker: TestUser;
  before(async () => {
    app = await startTestApp({ publicRateLimit: { perMinute: 10_000_000, store: 'memory' } });
    crew = await hireEditors(app);
    checker = await app.user('checker');
  });
  after(() => app.close());

  /** The section, for one article's claims (other tests publish on the same database). */
  async function changedSincePublication(articleId: unknown): Promise<ArticleChangedJson[]> {
    const response = await app.api.get('/api/v1/desk').query({ articleId: String(articleId) });
    assert.equal(response.status, 200, response.text);
    assert.equal(typeof response.body.truncated.articleChangedSincePublication, 'boolean');
    return response.body.articleChangedSincePublication as ArticleChangedJson[];
  }

  it('when a published fact-check’s article changes, then the desk lists it with the fields that differ; once a correction is approved the public face shows the new metadata and the desk no longer lists it', async () => {
    const claim = await newPublicClaim(app.api);
    const published = await publish(crew, claim.id);
    const { body: article } = await app.api.get(`/api/v1/articles/${claim.articleId}`);
    assert.deepEqual(await changedSincePublication(claim.articleId), []);

    const title = `Retitled ${claim.token}`;
    const patch = { title, publisher: `New Daily ${claim.token}`, slug: `moved-${claim.token}` };
    assert.equal((await checker.api.patch(`/api/v1/articles/${claim.articleId}`).send(patch)).status, 200);

    const listed = await changedSincePublication(claim.articleId);
    assert.deepEqual(listed.map((entry) => entry.id), [claim.id]);
    assert.equal(listed[0]!.publishedAt, published.lastPublishedAt);
    assert.equal(listed[0]!.article.title, title, 'the desk names the article as it reads now');
    assert.deepEqual(listed[0]!.articleChanges, {
      title: { published: article.title, current: title },
      publisher: { published: 'Test Daily', current: patch.publisher },
    }, 'the slug is not shown to the public, so it is not a difference');

    // An editor opens a correction: the claim stays listed until the correction is approved.
    await proposeCorrection(crew, claim.id, { rating: 'false', rationale: 'Same verdict; the article was retitled.' });
    assert.deepEqual((await changedSincePublication(claim.articleId)).map((entry) => [entry.id, entry.status]), [[claim.id, 'in_review']]);
    const before = await app.anonymous.get(`/fact-checks/${claim.id}`);
    assert.equal(before.body.article.title, article.title, 'nothing public changes before the approval');

    await moved(crew.editor.api, claim.id, { to: 'published', note: 'The article was retitled by its publisher.' });
    assert.deepEqual(await changedSincePublication(claim.articleId), []);
    const page = await app.anonymous.get(`/fact-checks/${claim.id}`);
    assert.equal(page.body.article.title, title);
    assert.equal(page.body.article.publisher, patch.publisher);
    const ld = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/ld+json');
    assert.equal(JSON.parse(ld.text).itemReviewed.appearance[0].headline, title);
    const feed = await app.anonymous.get('/feed.json?limit=100');
    const item = (feed.body.items as Array<{ id: string; tags: string[] }>).find((entry) => entry.id.endsWith(`/fact-checks/${claim.id}`));
    assert.ok(item?.tags.includes(`publisher:${patch.publisher}`), JSON.stringify(item?.tags));
  });

  it('when a changed field is changed back, or a claim was never published, then the desk does not list it', async () => {
    const claim = await newPublicClaim(app.api);
    await publish(crew, claim.id);
    const draft = await newPublicClaim(app.api);
    const { body: article } = await app.api.get(`/api/v1/articles/${claim.articleId}`);
    await checker.api.patch(`/api/v1/articles/${claim.articleId}`).send({ publishedAt: '2026-11-21T00:00:00Z', url: null }).expect(200);
    const listed = await changedSincePublication(claim.articleId);
    assert.deepEqual(listed[0]?.articleChanges, {
      url: { published: article.url, current: null },
      publishedAt: { published: '2026-11-20T01:00:00.000Z', current: '2026-11-21T00:00:00.000Z' },
    });
    // The same instant written with another offset is no change.
    await checker.api.patch(`/api/v1/articles/${claim.articleId}`).send({ publishedAt: '2026-11-20T08:00:00+07:00', url: article.url }).expect(200);
    assert.deepEqual(await changedSincePublication(claim.articleId), []);

    await checker.api.patch(`/api/v1/articles/${draft.articleId}`).send({ title: `Draft retitled ${draft.token}` }).expect(200);
    assert.deepEqual(await changedSincePublication(draft.articleId), []);
  });
});
