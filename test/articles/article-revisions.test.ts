import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { assertProblem, createArticle, createClaim, type ArticleJson, type ClaimJson } from '../support/factories';
import { hireEditors, propose, publish } from '../support/public';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { history, move, readClaim, type Crew } from '../support/workflow';

const quote = 'the new bridge cost 5 million dollars';
/** Code points, as the API counts offsets. */
const points = (text: string): number => Array.from(text).length;
const slice = (text: string, start: number, end: number): string => Array.from(text).slice(start, end).join('');

describe('article revisions: PUT /api/v1/articles/:id/body, GET /api/v1/articles/:id/revisions', () => {
  let app: TestApp;
  let checker: TestUser;
  let crew: Crew;
  before(async () => {
    app = await startTestApp({ publicRateLimit: { perMinute: 10_000_000, store: 'memory' } });
    checker = await app.user('checker');
    crew = await hireEditors(app);
  });
  after(() => app.close());

  async function readArticle(id: string): Promise<{ body: ArticleJson & Record<string, any>; etag: string }> {
    const response = await checker.api.get(`/api/v1/articles/${id}`);
    assert.equal(response.status, 200, response.text);
    assert.match(String(response.headers.etag), /^"v\d+"$/);
    return { body: response.body, etag: String(response.headers.etag) };
  }

  /** Sends a new body with the ETag just read; the response must be 200. */
  async function revise(id: string, body: string, api: supertest.Agent = checker.api): Promise<Record<string, any>> {
    const { etag } = await readArticle(id);
    const response = await api.put(`/api/v1/articles/${id}/body`).set('If-Match', etag).send({ body });
    assert.equal(response.status, 200, response.text);
    assert.match(String(response.headers.etag), /^"v\d+"$/);
    return response.body;
  }

  async function articleWithClaim(overrides: Record<string, unknown> = {}): Promise<{ article: ArticleJson; claim: ClaimJson }> {
    const article = await createArticle(checker.api, overrides);
    return { article, claim: await createClaim(checker.api, article.id) };
  }

  it('when text is inserted before a claim’s words, then the claim moves to their new code point offsets with an anchor.moved event, and both bodies are kept as revisions with their SHA-256 and time', async () => {
    const { article, claim } = await articleWithClaim();
    const prefix = 'UPDATE 🇮🇩 (corrected 😀): ';
    const revised = await revise(article.id, prefix + article.body);
    assert.deepEqual(revised.anchors, { moved: [claim.id], lost: [] });
    assert.equal(revised.revision, 2);
    assert.equal(revised.version, 2);

    const { body: now } = await readClaim(checker.api, claim.id);
    assert.equal(now.start, claim.start + points(prefix));
    assert.equal(now.end, claim.end + points(prefix));
    assert.equal(now.anchorStatus, 'anchored');
    assert.equal(slice(revised.body, now.start, now.end), quote);
    assert.equal(now.version, claim.version + 1);
    const last = (await history(checker.api, claim.id)).at(-1)!;
    assert.equal(last.action, 'anchor.moved');
    assert.equal(last.actor?.id, checker.id);
    assert.deepEqual(last.changes, {
      start: { from: claim.start, to: now.start },
      end: { from: claim.end, to: now.end },
      articleRevision: { from: 1, to: 2 },
    });

    const revisions = await checker.api.get(`/api/v1/articles/${article.id}/revisions`);
    assert.equal(revisions.status, 200, revisions.text);
    assert.deepEqual(revisions.body.items.map((item: any) => [item.number, item.bodySha256]), [[1, article.bodySha256], [2, revised.bodySha256]]);
    assert.ok(revisions.body.items.every((item: any) => !('body' in item)), 'the list carries no bodies');
    assert.equal(revisions.body.items[1].createdAt, revised.revisedAt);
    const first = await checker.api.get(`/api/v1/articles/${article.id}/revisions/1`);
    assert.equal(first.status, 200);
    assert.equal(first.body.body, article.body);

    const events = (await checker.api.get(`/api/v1/articles/${article.id}/history`)).body.items;
    assert.deepEqual(events.at(-1).changes, {
      revision: { from: 1, to: 2 },
      bodySha256: { from: article.bodySha256, to: revised.bodySha256 },
      anchorsMoved: [claim.id],
      anchorsLost: [],
    });
  });

  it('when an astral character is inside the quote and more are inserted before it, then the offsets still count code points, not UTF-16 units', async () => {
    const body = 'Alpha 👍🏽 said the 🇮🇩 flag costs 5 rupiah today. Beta said nothing.';
    const article = await createArticle(checker.api, { body });
    const claim = await createClaim(checker.api, article.id, { quote: 'the 🇮🇩 flag costs 5 rupiah' });
    const revised = await revise(article.id, `😀😀 ${body}`);
    const { body: now } = await readClaim(checker.api, claim.id);
    assert.equal(now.start, claim.start + 3);
    assert.equal(slice(revised.body, now.start, now.end), 'the 🇮🇩 flag costs 5 rupiah');
  });

  it('when a word inside the quote is edited, then the claim is lost: its quote and old offsets are kept, an anchor.lost event is written and the desk lists it under needsAttention', async () => {
    const { article, claim } = await articleWithClaim();
    const revised = await revise(article.id, article.body.replace('5 million', '6 million'));
    assert.deepEqual(revised.anchors, { moved: [], lost: [claim.id] });
    const { body: now } = await readClaim(checker.api, claim.id);
    assert.equal(now.anchorStatus, 'lost');
    assert.deepEqual([now.quote, now.start, now.end], [quote, claim.start, claim.end]);
    const last = (await history(checker.api, claim.id)).at(-1)!;
    assert.equal(last.action, 'anchor.lost');
    assert.deepEqual(last.changes, { anchorStatus: { from: 'anchored', to: 'lost' }, articleRevision: { from: 1, to: 2 }, start: claim.start, end: claim.end });

    const desk = await app.api.get('/api/v1/desk').query({ articleId: article.id });
    assert.equal(desk.status, 200, desk.text);
    assert.deepEqual(desk.body.needsAttention.map((entry: any) => [entry.id, entry.lostInRevision, entry.anchorLostAt]), [[claim.id, 2, last.createdAt]]);
    assert.equal(desk.body.truncated.needsAttention, false);
    const status = await app.api.get(`/api/v1/articles/${article.id}/status`);
    assert.deepEqual(status.body.claims.map((entry: any) => [entry.id, entry.anchorStatus]), [[claim.id, 'lost']]);

    // A later revision leaves a lost claim alone: it stays lost, with no new event.
    await revise(article.id, `Intro. ${revised.body}`);
    assert.equal((await history(checker.api, claim.id)).at(-1)!.id, last.id);
  });

  it('when the claim’s sentence is deleted, then the claim is lost', async () => {
    const { article, claim } = await articleWithClaim();
    const sentence = article.body.slice(0, article.body.indexOf(').') + 3);
    const revised = await revise(article.id, article.body.slice(sentence.length));
    assert.deepEqual(revised.anchors.lost, [claim.id]);
    assert.equal((await readClaim(checker.api, claim.id)).body.anchorStatus, 'lost');
  });

  it('when a copy of the claim’s words is inserted before them, then the claim is mapped to the words the diff kept, not to the first occurrence', async () => {
    const { article, claim } = await articleWithClaim();
    const recap = `Recap: ${quote}, critics say. `;
    const revised = await revise(article.id, recap + article.body);
    const { body: now } = await readClaim(checker.api, claim.id);
    assert.equal(now.start, claim.start + points(recap));
    assert.notEqual(now.start, Array.from(revised.body as string).join('').indexOf(quote), 'not the first occurrence');

    // A copy added after the words changes nothing for the claim: same offsets, no event.
    const version = now.version;
    const again = await revise(article.id, `${revised.body} Again: ${quote}.`);
    assert.deepEqual(again.anchors, { moved: [], lost: [] });
    assert.equal((await readClaim(checker.api, claim.id)).body.version, version);
  });

  it('when the same body is sent again, then nothing changes: no revision, no event', async () => {
    const { article } = await articleWithClaim();
    const same = await revise(article.id, article.body);
    assert.equal(same.revision, 1);
    assert.equal(same.version, 1);
    assert.equal((await checker.api.get(`/api/v1/articles/${article.id}/revisions`)).body.items.length, 1);
  });

  it('when If-Match is missing, a list, *, weak or stale, then the answer is 428, 400 or 412 problem+json and the body is unchanged', async () => {
    const { article } = await articleWithClaim();
    const put = (ifMatch?: string) => {
      const request = checker.api.put(`/api/v1/articles/${article.id}/body`);
      return (ifMatch === undefined ? request : request.set('If-Match', ifMatch)).send({ body: 'Something else entirely.' });
    };
    assertProblem(await put(), 428, 'precondition-required');
    assertProblem(await put('*'), 400, 'invalid-if-match');
    assertProblem(await put('"v1", "v2"'), 400, 'invalid-if-match');
    assertProblem(await put('x'.repeat(5000)), 400, 'invalid-if-match');
    const weak = await put('W/"v1"');
    assertProblem(weak, 412, 'precondition-failed');
    assert.equal(weak.body.currentEtag, '"v1"');
    assertProblem(await put('"v0"'), 412, 'precondition-failed');
    assert.equal((await readArticle(article.id)).body.body, article.body);
  });

  it('when the metadata changed since the ETag was read, then the revision answers 412 with the current ETag', async () => {
    const { article } = await articleWithClaim();
    const { etag } = await readArticle(article.id);
    await checker.api.patch(`/api/v1/articles/${article.id}`).send({ title: 'Retitled' }).expect(200);
    const response = await checker.api.put(`/api/v1/articles/${article.id}/body`).set('If-Match', etag).send({ body: `New. ${article.body}` });
    assertProblem(response, 412, 'precondition-failed');
    assert.equal(response.body.currentEtag, '"v2"');
  });

  it('when two revisions are sent on the same ETag at once, then exactly one wins and the other answers 412', async () => {
    const { article, claim } = await articleWithClaim();
    const { etag } = await readArticle(article.id);
    const responses = await Promise.all(
      ['First. ', 'Second. '].map((prefix) => checker.api.put(`/api/v1/articles/${article.id}/body`).set('If-Match', etag).send({ body: prefix + article.body })),
    );
    assert.deepEqual(responses.map((response) => response.status).sort(), [200, 412]);
    assert.equal((await checker.api.get(`/api/v1/articles/${article.id}/revisions`)).body.items.length, 2);
    assert.equal((await history(checker.api, claim.id)).filter((event) => event.action === 'anchor.moved').length, 1);
  });

  it('when the body is missing, blank, not a string or longer than 400,000 characters, then 422 validation-failed; an unknown or malformed id 404', async () => {
    const { article } = await articleWithClaim();
    const { etag } = await readArticle(article.id);
    for (const body of [{}, { body: '   ' }, { body: 42 }, { body: 'x'.repeat(400_001) }, { body: 'ok', extra: true }]) {
      assertProblem(await checker.api.put(`/api/v1/articles/${article.id}/body`).set('If-Match', etag).send(body), 422, 'validation-failed');
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    assertProblem(await checker.api.put(`/api/v1/articles/${unknown}/body`).set('If-Match', '"v1"').send({ body: 'x' }), 404, 'not-found');
    assertProblem(await checker.api.put('/api/v1/articles/not-a-uuid/body').set('If-Match', '"v1"').send({ body: 'x' }), 404, 'not-found');
    assertProblem(await checker.api.get(`/api/v1/articles/${unknown}/revisions`), 404, 'not-found');
    for (const number of ['0', '2', 'abc', '-1', '1.5', '99999999999', '2147483648']) {
      assertProblem(await checker.api.get(`/api/v1/articles/${article.id}/revisions/${number}`), 404, 'not-found');
    }
    assertProblem(await checker.api.get(`/api/v1/articles/${article.id}/revisions`).query({ cursor: 'bogus' }), 422, 'validation-failed');
    assertProblem(await checker.api.post(`/api/v1/articles/${article.id}/body`).send({ body: 'x' }), 405, 'method-not-allowed');
  });

  it('when an admin or nobody sends a revision, then 403 and 401 and nothing changes; anonymous reads of revisions are 401', async () => {
    const { article } = await articleWithClaim();
    const admin = await app.user('admin');
    assertProblem(await admin.api.put(`/api/v1/articles/${article.id}/body`).set('If-Match', '"v1"').send({ body: 'Hijacked.' }), 403, 'forbidden');
    assertProblem(await app.anonymous.put(`/api/v1/articles/${article.id}/body`).set('If-Match', '"v1"').send({ body: 'Hijacked.' }), 401, 'unauthenticated');
    assertProblem(await app.anonymous.get(`/api/v1/articles/${article.id}/revisions`), 401, 'unauthenticated');
    assertProblem(await app.anonymous.get(`/api/v1/articles/${article.id}/revisions/1`), 401, 'unauthenticated');
    assert.equal((await readArticle(article.id)).body.revision, 1);
  });

  it('when a claim in review is moved by a revision, then the re-anchoring is not refused, but approving the proposal made against the old anchor fails with proposal-changed', async () => {
    const { article, claim } = await articleWithClaim();
    await propose(crew, claim.id, { rating: 'false', rationale: 'Budget papers say 9 million.' });
    const revised = await revise(article.id, `Editor’s note. ${article.body}`);
    assert.deepEqual(revised.anchors.moved, [claim.id]);
    const { body: now, etag } = await readClaim(checker.api, claim.id);
    assert.equal(now.status, 'in_review');
    const approval = await crew.editor.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', etag).send({ to: 'published' });
    assertProblem(approval, 422, 'transition-guard-failed');
    assert.equal(approval.body.guard, 'proposal-changed');
    // Sent back and proposed again on the new anchor, it publishes.
    assert.equal((await move(crew.editor.api, claim.id, { to: 'in_progress', note: 'The article was revised.' })).status, 200);
    assert.equal((await move(crew.checker.api, claim.id, { to: 'in_review', rating: 'false', rationale: 'Budget papers say 9 million.' })).status, 200);
    assert.equal((await move(crew.editor.api, claim.id, { to: 'published' })).status, 200);
  });

  it('when a published claim’s article is revised, then the fact-check keeps what was checked, says when the article changed (articleRevisedAt, ClaimReview appearance.dateModified) and the cached page is replaced', async () => {
    const { article, claim } = await articleWithClaim();
    await publish(crew, claim.id);
    const page = `/fact-checks/${claim.id}`;
    const before = await app.anonymous.get(page);
    assert.equal(before.status, 200);
    assert.equal(before.body.articleRevisedAt, null);
    assert.equal(before.body.claimReview.itemReviewed.appearance[0].dateModified, undefined);
    await app.anonymous.get(page).expect(200); // now served from the cache

    const secret = 'a sentence the public must not read from the fact-check';
    const revised = await revise(article.id, article.body.replace('5 million', `6 million, ${secret},`));
    const after = await app.anonymous.get(page);
    assert.equal(after.status, 200);
    assert.equal(after.body.articleRevisedAt, revised.revisedAt);
    assert.equal(after.body.claim.quote, quote, 'the public keeps the words that were checked');
    assert.equal(after.body.claimReview.itemReviewed.appearance[0].dateModified, revised.revisedAt);
    assert.equal(after.body.claimReview.dateModified, before.body.claimReview.dateModified, 'the review itself did not change');
    assert.equal(new Date(String(after.headers['last-modified'])).getTime(), Math.floor(Date.parse(revised.revisedAt) / 1000) * 1000);
    assert.ok(!after.text.includes(secret));
    const ld = await app.anonymous.get(page).set('Accept', 'application/ld+json');
    assert.equal(ld.body.itemReviewed.appearance[0].dateModified, revised.revisedAt);

    const desk = await app.api.get('/api/v1/desk').query({ articleId: article.id });
    assert.deepEqual(desk.body.needsAttention.map((entry: any) => [entry.id, entry.status]), [[claim.id, 'published']]);
  });

  it('when an article without claims gets a new body by PATCH, then that body is a revision too', async () => {
    const article = await createArticle(checker.api);
    await checker.api.patch(`/api/v1/articles/${article.id}`).send({ body: 'A wholly new text.' }).expect(200);
    const revisions = (await checker.api.get(`/api/v1/articles/${article.id}/revisions`)).body.items;
    assert.deepEqual(revisions.map((item: any) => item.number), [1, 2]);
    const withClaim = await articleWithClaim();
    const locked = await checker.api.patch(`/api/v1/articles/${withClaim.article.id}`).send({ body: 'Another text.' });
    assertProblem(locked, 409, 'article-body-locked');
    assert.match(locked.body.detail, /PUT \/api\/v1\/articles\/.+\/body/);
  });
});
