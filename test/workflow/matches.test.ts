import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, patchClaim } from '../support/factories';
import { assertMatchesDocumented } from '../support/openapi';
import { publish, republish } from '../support/public';
import { claimWorded, uniqueWord } from '../support/similar';
import { startTestApp, type TestApp } from '../support/test-app';
import { addEvidence, history, hireCrew, move, moved, readClaim, type Crew } from '../support/workflow';

describe('answering a claim with an earlier fact-check (matchOf)', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp({ publicRateLimit: { perMinute: 10_000_000, store: 'memory' } });
    crew = await hireCrew(app);
  });
  after(() => app.close());

  /** A published original and a new claim repeating it, taken by the checker. */
  async function originalAndRepeat(verdict = { rating: 'mostly-false', rationale: `The audit office puts it at 9 trillion (${uniqueWord()}).` }) {
    const topic = uniqueWord();
    const original = await claimWorded(app.api, `The toll road to ${topic} cost 12 trillion rupiah to build.`);
    await publish(crew, original.id, verdict);
    const repeat = await claimWorded(app.api, `He repeated that the toll road to ${topic} cost 12 trillion rupiah.`);
    await moved(crew.checker.api, repeat.id, { to: 'in_progress' });
    return { original, repeat, verdict };
  }

  const proposeMatch = (claimId: string, matchOf: string, note?: string) =>
    moved(crew.checker.api, claimId, { to: 'in_review', matchOf, ...(note ? { note } : {}) });

  it('when a checker proposes a match and another editor approves it, then the claim is published with the matched verdict and the original lists where it appeared', async () => {
    const { original, repeat, verdict } = await originalAndRepeat();
    const before = (await app.anonymous.get(`/fact-checks/${original.id}`)).body;

    const read = await readClaim(crew.checker.api, repeat.id);
    const proposeResponse = await crew.checker.api
      .post(`/api/v1/claims/${repeat.id}/transitions`)
      .set('If-Match', read.etag)
      .send({ to: 'in_review', matchOf: original.id, note: 'The same figure, said again on television.' });
    assert.equal(proposeResponse.status, 200, proposeResponse.text);
    assertMatchesDocumented(proposeResponse, 'post', '/api/v1/claims/{id}/transitions');
    const proposed = proposeResponse.body;
    assert.deepEqual(proposed.proposal, { rating: verdict.rating, ratingScaleVersion: 1, rationale: verdict.rationale, proposedBy: crew.checker.id, matchOf: original.id });
    const published = await moved(crew.editor.api, repeat.id, { to: 'published' });
    assert.equal(published.rating, verdict.rating);
    assert.equal(published.matchOf, original.id);
    assert.equal(published.proposal, null);

    // The match: a fact-check of its own, with its own snapshot and history.
    const pageResponse = await app.anonymous.get(`/fact-checks/${repeat.id}`);
    assertMatchesDocumented(pageResponse, 'get', '/fact-checks/{id}');
    const page = pageResponse.body;
    assert.equal(page.claim.quote, repeat.quote);
    assert.equal(page.verdict.rating, verdict.rating);
    assert.equal(page.verdict.rationale, verdict.rationale);
    assert.deepEqual(page.matchOf, { id: original.id, url: `${app.baseUrl}/fact-checks/${original.id}` });
    const events = await history(crew.editor.api, repeat.id);
    const proposal = events.find((event) => event.toStatus === 'in_review')!;
    assert.equal(proposal.rating, verdict.rating);
    assert.deepEqual(proposal.changes?.proposedMatchOfId, { from: null, to: original.id });
    const approval = events.at(-1)!;
    assert.equal(approval.toStatus, 'published');
    assert.deepEqual(approval.changes?.matchOfId, { from: null, to: original.id });

    // The original: its ClaimReview lists both articles, its page and feed item say so, its date moved.
    const originalResponse = await app.anonymous.get(`/fact-checks/${original.id}`);
    assertMatchesDocumented(originalResponse, 'get', '/fact-checks/{id}');
    const originalPage = originalResponse.body;
    const repeatArticle = (await app.api.get(`/api/v1/articles/${repeat.articleId}`)).body;
    const appearance = originalPage.claimReview.itemReviewed.appearance as Array<Record<string, any>>;
    assert.ok(Array.isArray(appearance));
    assert.deepEqual(appearance.map((item) => item.url), [before.claimReview.itemReviewed.appearance[0].url, repeatArticle.url]);
    assert.deepEqual(originalPage.alsoAppearedIn.map((item: { id: string }) => item.id), [repeat.id]);
    assert.equal(originalPage.alsoAppearedIn[0].article.title, repeatArticle.title);
    assert.ok(originalPage.dateModified > before.dateModified, 'the original’s date_modified moves');
    assert.equal(originalPage.datePublished, before.datePublished);
    // The newest changes lead the feed: the original, just moved by its match, is among them (other test files publish too).
    const first = JSON.parse((await app.anonymous.get('/feed.json?limit=100').expect(200)).text) as { items: Array<{ id: string; content_text: string; date_modified: string }> };
    const item = first.items.find((entry) => entry.id.endsWith(original.id))!;
    assert.ok(item, 'the original is among the newest changes of the feed');
    assert.match(item.content_text, new RegExp(`Also appeared in: ${repeatArticle.title}`));
    assert.equal(item.date_modified, originalPage.dateModified);
  });

  it('when the original is corrected, then every match’s published verdict follows, recorded in its history, over its own published snapshot', async () => {
    const { original, repeat } = await originalAndRepeat();
    await proposeMatch(repeat.id, original.id);
    await moved(crew.editor.api, repeat.id, { to: 'published' });
    const second = await claimWorded(app.api, `Again: the toll road cost 12 trillion rupiah ${uniqueWord()}.`);
    await moved(crew.checker.api, second.id, { to: 'in_progress' });
    await proposeMatch(second.id, original.id);
    await moved(crew.editor.api, second.id, { to: 'published' });
    // An edit of the match after publication is not public, and a correction of the original does not publish it.
    assert.equal((await patchClaim(crew.checker.api, repeat.id, { summary: 'Unpublished desk note' })).status, 200);

    const corrected = { rating: 'false', rationale: 'The final audit says 6 trillion.' };
    await republish(crew, original.id, corrected, 'The final audit came in.');

    for (const match of [repeat, second]) {
      const page = (await app.anonymous.get(`/fact-checks/${match.id}`)).body;
      assert.equal(page.verdict.rating, 'false', match.id);
      assert.equal(page.verdict.rationale, corrected.rationale);
      assert.equal(page.corrections.length, 1);
      assert.equal(page.corrections[0].note, 'The final audit came in.');
      assert.equal(page.corrections[0].previousRating, 'mostly-false');
      assert.notEqual(page.claim.summary, 'Unpublished desk note');
      const followed = (await history(crew.editor.api, match.id)).at(-1)!;
      assert.equal(followed.action, 'verdict.followed');
      assert.equal(followed.rating, 'false');
      assert.equal(followed.note, 'The final audit came in.');
      assert.equal(followed.actor?.id, crew.editor.id);
      assert.deepEqual((followed.changes as Record<string, any>).rating, { from: 'mostly-false', to: 'false' });
      const { body } = await readClaim(crew.editor.api, match.id);
      assert.equal(body.rating, 'false');
      assert.equal(body.status, 'published');
    }
  });

  it('when matchOf names no published fact-check, itself, or a match, then the guard that failed is named', async () => {
    const { original, repeat } = await originalAndRepeat();
    const draft = await claimWorded(app.api, `Not yet checked ${uniqueWord()}.`);
    const guard = async (body: Record<string, unknown>, name: string) => {
      const response = await move(crew.checker.api, repeat.id, { to: 'in_review', ...body });
      assertProblem(response, 422, 'transition-guard-failed');
      assert.equal(response.body.guard, name);
    };
    await guard({ matchOf: draft.id }, 'match-not-published');
    await guard({ matchOf: '00000000-0000-4000-8000-000000000000' }, 'match-not-published');
    await guard({ matchOf: repeat.id }, 'match-not-published');

    await proposeMatch(repeat.id, original.id);
    await moved(crew.editor.api, repeat.id, { to: 'published' });
    const third = await claimWorded(app.api, `A third time ${uniqueWord()}.`);
    await moved(crew.checker.api, third.id, { to: 'in_progress' });
    const response = await move(crew.checker.api, third.id, { to: 'in_review', matchOf: repeat.id });
    assertProblem(response, 422, 'transition-guard-failed');
    assert.equal(response.body.guard, 'match-of-a-match');

    // The original has matches: it is corrected with a verdict of its own, never matched to something else.
    const other = await claimWorded(app.api, `Something else entirely ${uniqueWord()}.`);
    await publish(crew, other.id);
    // A published claim under correction cannot be answered with itself, however its id is spelled.
    await moved(crew.checker.api, other.id, { to: 'in_progress', note: 'Rechecking.' });
    const itself = await move(crew.checker.api, other.id, { to: 'in_review', matchOf: other.id.toUpperCase() });
    assertProblem(itself, 422, 'transition-guard-failed');
    assert.equal(itself.body.guard, 'match-not-published');
    await moved(crew.checker.api, original.id, { to: 'in_progress', note: 'Reconsidering.' });
    const refused = await move(crew.checker.api, original.id, { to: 'in_review', matchOf: other.id });
    assertProblem(refused, 422, 'transition-guard-failed');
    assert.equal(refused.body.guard, 'claim-has-matches');
  });

  it('when a match proposal also sends a rating or rationale, or matchOf is not an id, then 422 names the field', async () => {
    const { original, repeat } = await originalAndRepeat();
    const withRating = await move(crew.checker.api, repeat.id, { to: 'in_review', matchOf: original.id, rating: 'true' });
    assertProblem(withRating, 422, 'validation-failed');
    assert.deepEqual(withRating.body.errors.map((error: { pointer: string }) => error.pointer), ['#/rating']);
    assertProblem(await move(crew.checker.api, repeat.id, { to: 'in_review', matchOf: 'not-an-id' }), 422, 'validation-failed');
    assertProblem(await move(crew.checker.api, repeat.id, { to: 'in_review', matchOf: null }), 422, 'validation-failed');
    const onTake = await claimWorded(app.api, `Taken with a match ${uniqueWord()}.`);
    assertProblem(await move(crew.checker.api, onTake.id, { to: 'in_progress', matchOf: original.id }), 422, 'validation-failed');
  });

  it('when the proposer approves their own match, a checker approves, or someone else’s claim is matched, then four eyes and roles hold', async () => {
    const { original, repeat } = await originalAndRepeat();
    const otherChecker = await app.user('checker');
    const notHeld = await move(otherChecker.api, repeat.id, { to: 'in_review', matchOf: original.id });
    assertProblem(notHeld, 422, 'transition-guard-failed');
    assert.equal(notHeld.body.guard, 'assignee-only');

    const editorOwn = await claimWorded(app.api, `An editor proposes ${uniqueWord()}.`);
    await moved(crew.editor.api, editorOwn.id, { to: 'in_progress' });
    await moved(crew.editor.api, editorOwn.id, { to: 'in_review', matchOf: original.id });
    const own = await move(crew.editor.api, editorOwn.id, { to: 'published' });
    assertProblem(own, 422, 'transition-guard-failed');
    assert.equal(own.body.guard, 'four-eyes');

    await proposeMatch(repeat.id, original.id);
    assertProblem(await move(crew.checker.api, repeat.id, { to: 'published' }), 403, 'forbidden');
  });

  it('when the original is corrected while a match waits for approval, then approving it fails as changed, and it is proposed again', async () => {
    const { original, repeat } = await originalAndRepeat();
    await proposeMatch(repeat.id, original.id);
    await republish(crew, original.id, { rating: 'false', rationale: 'Corrected meanwhile.' }, 'New audit.');
    const stale = await move(crew.editor.api, repeat.id, { to: 'published' });
    assertProblem(stale, 422, 'transition-guard-failed');
    assert.equal(stale.body.guard, 'proposal-changed');
    await moved(crew.editor.api, repeat.id, { to: 'in_progress', note: 'The original was corrected.' });
    await proposeMatch(repeat.id, original.id);
    assert.equal((await moved(crew.editor.api, repeat.id, { to: 'published' })).rating, 'false');
  });

  it('when a match is corrected with a verdict of its own, then it is no longer a match and the original stops listing it', async () => {
    const { original, repeat } = await originalAndRepeat();
    await proposeMatch(repeat.id, original.id);
    await moved(crew.editor.api, repeat.id, { to: 'published' });
    const listed = (await app.anonymous.get(`/fact-checks/${original.id}`)).body;
    assert.equal(listed.alsoAppearedIn.length, 1);

    await addEvidence(crew.checker.api, repeat.id); // a verdict of its own needs evidence of its own
    await republish(crew, repeat.id, { rating: 'true', rationale: 'This one was said of another road.' }, 'Not the same road.');
    assert.equal((await readClaim(crew.editor.api, repeat.id)).body.matchOf, null);
    const after = (await app.anonymous.get(`/fact-checks/${original.id}`)).body;
    assert.deepEqual(after.alsoAppearedIn, []);
    assert.equal(after.claimReview.itemReviewed.appearance.length, 1);
    assert.ok(after.dateModified > listed.dateModified);
    await republish(crew, original.id, { rating: 'false', rationale: 'Final.' }, 'Final audit.');
    assert.equal((await app.anonymous.get(`/fact-checks/${repeat.id}`)).body.verdict.rating, 'true', 'a former match no longer follows');
  });
});
