import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, createArticle, createClaim, type ArticleJson, type ClaimJson } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { addEvidence, driveTo, hireCrew, history, moved, type Crew } from '../support/workflow';

type StandingJson = {
  id: string;
  quote: string;
  start: number;
  end: number;
  status: string;
  rating: string | null;
  proposedRating: string | null;
  assignee: { id: string; name: string } | null;
  version: number;
  lastChange: { action: string; actor: { id: string; name: string } | null; at: string } | null;
};

const noClaims = { unverified: 0, in_progress: 0, in_review: 0, published: 0, not_checkable: 0, total: 0 };

describe('article status', () => {
  let app: TestApp;
  let crew: Crew;
  let ratingIds: string[];
  before(async () => {
    app = await startTestApp();
    crew = await hireCrew(app);
    ratingIds = ((await app.api.get('/api/v1/ratings')).body.ratings as Array<{ id: string }>).map((rating) => rating.id);
  });
  after(() => app.close());

  async function status(articleId: string) {
    const response = await app.api.get(`/api/v1/articles/${articleId}/status`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body as {
      article: { id: string; title: string; slug: string };
      claims: StandingJson[];
      countsByStatus: Record<string, number>;
      countsByRating: Record<string, number>;
    };
  }

  /** Code point offsets of the n-th occurrence (0-based) of `text` in an ASCII body. */
  function offsetsOf(article: ArticleJson, text: string, occurrence = 0): { start: number; end: number } {
    let index = -1;
    for (let seen = 0; seen <= occurrence; seen += 1) index = article.body.indexOf(text, index + 1);
    assert.ok(index >= 0, `${text} occurs ${occurrence + 1} times`);
    return { start: index, end: index + text.length };
  }

  const officials = 'Officials expect construction to finish next year.';
  const bridge = 'the new bridge cost 5 million dollars';
  const critics = 'Critics said the figure was too low.';

  it('when an article has claims in several statuses, then they come in text order with status, assignee, proposal and last change', async () => {
    const article = await createArticle(app.api);
    // Created out of text order: the last sentence first, the first one last.
    const secondOfficials = await createClaim(app.api, article.id, { quote: officials, ...offsetsOf(article, officials, 1), claimant: 'Officials' });
    const criticsClaim = await createClaim(app.api, article.id, { quote: critics, claimant: 'Critics' });
    const firstOfficials = await createClaim(app.api, article.id, { quote: officials, ...offsetsOf(article, officials, 0), claimant: 'Officials' });
    const bridgeClaim = await createClaim(app.api, article.id, { quote: bridge });

    await driveTo(crew, bridgeClaim.id, 'in_review');
    await driveTo(crew, criticsClaim.id, 'published');
    await moved(crew.checker.api, firstOfficials.id, { to: 'in_progress' });
    const evidence = await addEvidence(crew.checker.api, firstOfficials.id);
    assert.ok(evidence.id);

    const body = await status(article.id);
    assert.deepEqual(body.article, { id: article.id, title: article.title, slug: article.slug });
    assert.deepEqual(
      body.claims.map((claim) => claim.id),
      [bridgeClaim, firstOfficials, criticsClaim, secondOfficials].map((claim) => claim.id),
      'by start offset',
    );
    const starts = body.claims.map((claim) => claim.start);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));

    const [inReview, inProgress, published, unverified] = body.claims as [StandingJson, StandingJson, StandingJson, StandingJson];
    const checker = { id: crew.checker.id, name: crew.checker.name };
    assert.deepEqual(
      { quote: inReview.quote, start: inReview.start, end: inReview.end, status: inReview.status, rating: inReview.rating },
      { quote: bridge, start: bridgeClaim.start, end: bridgeClaim.end, status: 'in_review', rating: null },
    );
    assert.equal(inReview.proposedRating, 'false', 'the proposal waiting for an editor');
    assert.deepEqual(inReview.assignee, checker);
    assert.equal(inReview.lastChange?.action, 'status.changed');
    assert.deepEqual(inReview.lastChange?.actor, checker);

    assert.equal(inProgress.status, 'in_progress');
    assert.equal(inProgress.proposedRating, null);
    assert.deepEqual(inProgress.lastChange?.actor, checker);
    assert.equal(inProgress.lastChange?.action, 'evidence.added', 'the latest event, not the latest status change');

    assert.equal(published.status, 'published');
    assert.equal(published.rating, 'false');
    assert.equal(published.proposedRating, null, 'approving used up the proposal');
    assert.deepEqual(published.lastChange?.actor, { id: crew.editor.id, name: crew.editor.name });

    assert.equal(unverified.status, 'unverified');
    assert.equal(unverified.quote, officials);
    assert.equal(unverified.assignee, null);
    assert.equal(unverified.lastChange?.action, 'claim.created');
    assert.equal(unverified.version, 1);

    // Each last change is the claim's latest history event, and the version matches the claim's.
    for (const claim of body.claims) {
      const latest = (await history(app.api, claim.id)).at(-1)!;
      // The panel names the person; which token acted is the history's (audit) business.
      const actor = latest.actor && { id: latest.actor.id, name: latest.actor.name };
      assert.deepEqual(claim.lastChange, { action: latest.action, actor, at: latest.createdAt }, claim.id);
      assert.equal(claim.version, latest.version, claim.id);
    }
  });

  it('when claims are counted, then every status appears with zeros and ratings count published verdicts only', async () => {
    const article = await createArticle(app.api);
    const claims: ClaimJson[] = [];
    for (const quote of [bridge, critics, 'The ministry said']) claims.push(await createClaim(app.api, article.id, { quote }));
    await driveTo(crew, claims[0]!.id, 'published');
    await driveTo(crew, claims[1]!.id, 'in_review'); // proposes "false", not yet published

    const body = await status(article.id);
    assert.deepEqual(body.countsByStatus, { ...noClaims, unverified: 1, in_review: 1, published: 1, total: 3 });
    assert.deepEqual(Object.keys(body.countsByRating), ratingIds, 'every rating of the scale, in its order');
    assert.deepEqual(body.countsByRating, { ...Object.fromEntries(ratingIds.map((id) => [id, 0])), false: 1 });
  });

  it('when a published claim is reopened for a correction, then it still counts under its published rating', async () => {
    const article = await createArticle(app.api);
    const claim = await createClaim(app.api, article.id);
    await driveTo(crew, claim.id, 'published');
    await moved(crew.checker.api, claim.id, { to: 'in_progress', note: 'New budget figures.' });

    const body = await status(article.id);
    assert.deepEqual(body.countsByStatus, { ...noClaims, in_progress: 1, total: 1 });
    assert.equal(body.countsByRating.false, 1);
    assert.equal(body.claims[0]!.rating, 'false');
  });

  it('when the article has no claims, then the list is empty and every count is zero', async () => {
    const article = await createArticle(app.api);
    const body = await status(article.id);
    assert.deepEqual(body.claims, []);
    assert.deepEqual(body.countsByStatus, noClaims);
    assert.deepEqual(body.countsByRating, Object.fromEntries(ratingIds.map((id) => [id, 0])));
  });

  it('when the article does not exist or the id is not a UUID, then 404 not-found', async () => {
    assertProblem(await app.api.get('/api/v1/articles/00000000-0000-4000-8000-000000000000/status'), 404, 'not-found');
    assertProblem(await app.api.get('/api/v1/articles/not-a-uuid/status'), 404, 'not-found');
  });

  it('when a checker asks, then 403 forbidden; an admin may read it', async () => {
    const article = await createArticle(app.api);
    assertProblem(await crew.checker.api.get(`/api/v1/articles/${article.id}/status`), 403, 'forbidden');
    const admin = await app.user('admin');
    const response = await admin.api.get(`/api/v1/articles/${article.id}/status`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.article.id, article.id);
  });
});
