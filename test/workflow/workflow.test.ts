import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { loadSeedArticles } from '../../src/seed/fixtures';
import { seed } from '../../src/seed/seed';
import { Article } from '../../src/articles/article.entity';
import { assertProblem, uniqueToken, type ClaimJson } from '../support/factories';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import {
  addEvidence,
  driveTo,
  history,
  moved,
  readClaim,
  retract,
  type Crew,
  type EventJson,
  hireCrew,
  listEvidence as listEvidenceOf,
  newClaim,
} from '../support/workflow';

const statuses = ['unverified', 'in_progress', 'in_review', 'published', 'not_checkable'] as const;
type Status = (typeof statuses)[number];

/** The workflow as documented: from each status, the statuses a claim may move to. Written out, not imported. */
const allowedMoves: Record<Status, Status[]> = {
  unverified: ['in_progress', 'not_checkable'],
  in_progress: ['in_progress', 'in_review', 'not_checkable'],
  in_review: ['in_progress', 'published'],
  published: ['in_progress'],
  not_checkable: ['unverified'],
};

/** A body that would make each allowed move succeed, for the role tests. */
const validBody: Partial<Record<`${Status}->${Status}`, Record<string, unknown>>> = {
  'unverified->in_progress': { to: 'in_progress' },
  'unverified->not_checkable': { to: 'not_checkable', note: 'An opinion.' },
  'in_progress->in_progress': { to: 'in_progress', note: 'Taking this over: the assignee is away.' },
  'in_progress->in_review': { to: 'in_review', rating: 'false', rationale: 'Budget documents say 9 million.' },
  'in_progress->not_checkable': { to: 'not_checkable', note: 'An opinion.' },
  'in_review->in_progress': { to: 'in_progress', note: 'Find the budget line.' },
  'in_review->published': { to: 'published' },
  'published->in_progress': { to: 'in_progress', note: 'New figures.' },
  'not_checkable->unverified': { to: 'unverified', note: 'It can be checked after all.' },
};

describe('workflow', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp();
    crew = await hireCrew(app);
  });
  after(() => app.close());

  const aClaim = (): Promise<ClaimJson> => newClaim(app.api);

  async function claimIn(status: Status): Promise<ClaimJson> {
    const claim = await aClaim();
    const driven = await driveTo(crew, claim.id, status);
    assert.equal(driven.status, status);
    return claim;
  }

  /** What must not change when a request is refused: the claim as read, with its ETag, and its history. */
  async function snapshot(claimId: string) {
    const { body, etag } = await readClaim(app.api, claimId);
    return { claim: body, etag, events: (await history(app.api, claimId)).map((event) => event.id) };
  }

  async function assertUnchanged(claimId: string, before: Awaited<ReturnType<typeof snapshot>>, context: string) {
    assert.deepEqual(await snapshot(claimId), before, `${context}: the claim, its ETag or its history changed`);
  }

  async function assertGuardFails(api: supertest.Agent, claimId: string, body: Record<string, unknown>, guard: string) {
    const before = await snapshot(claimId);
    const response = await api.post(`/api/v1/claims/${claimId}/transitions`).set('If-Match', before.etag).send(body);
    assertProblem(response, 422, 'transition-guard-failed');
    assert.equal(response.body.guard, guard, JSON.stringify(response.body));
    assert.equal(typeof response.body.detail, 'string');
    await assertUnchanged(claimId, before, `${guard} on ${JSON.stringify(body)}`);
  }

  describe('the life of a seed claim', () => {
    it('when a seed claim is taken, evidenced, proposed, sent back, approved, corrected and republished, then every step is on record', async () => {
      // A private copy of the shipped article, so that the claim starts unverified on a shared PostgreSQL too.
      const [shipped] = loadSeedArticles();
      const slug = `${shipped!.slug}-${uniqueToken()}`;
      assert.deepEqual(await seed(app.db.dataSource, [{ ...shipped!, slug }]), {
        articlesCreated: 1,
        claimsCreated: shipped!.claims.length,
      });
      const article = await app.db.dataSource.getRepository(Article).findOneByOrFail({ slug });
      const seedClaim = shipped!.claims.find((claim) => claim.key === 'kim-putin-meeting-vladivostok')!;
      const search = await app.api.get('/api/v1/claims').query({ q: 'Vladivostok', articleId: article.id });
      assert.equal(search.status, 200);
      const found = (search.body.items as ClaimJson[]).find((claim) => claim.quote === seedClaim.quote);
      assert.ok(found, 'the Vladivostok claim is found');
      const id = found.id;
      assert.equal(found.status, 'unverified');
      assert.equal(found.version, 1);

      const checker = await app.user('checker');
      const sender = await app.user('editor');
      const approver = await app.user('editor');

      // The checker takes it.
      const taken = await moved(checker.api, id, { to: 'in_progress' });
      assert.equal(taken.assigneeId, checker.id);
      assert.equal(taken.version, 2);

      // Evidence, with If-Match.
      const evidence = await addEvidence(checker.api, id, {
        url: 'https://www.nytimes.com/2023/09/04/us/politics/kim-jong-un-putin-meeting.html',
        title: 'Kim Jong Un plans to travel to Russia to meet Putin',
        publisher: 'The New York Times',
        stance: 'supports',
      });

      // First proposal.
      const firstRationale = 'The NYT report cites US and allied officials; Vladivostok was named as the likely venue.';
      const proposed = await moved(checker.api, id, { to: 'in_review', rating: 'mostly-true', rationale: firstRationale });
      assert.deepEqual(proposed.proposal, {
        rating: 'mostly-true',
        ratingScaleVersion: 1,
        rationale: firstRationale,
        proposedBy: checker.id,
        matchOf: null,
      });
      assert.equal(proposed.rating, null, 'nothing is published by a proposal');

      // Sent back with a note.
      const sendBackNote = 'Say that the venue was a forecast, not a fact at the time.';
      const sentBack = await moved(sender.api, id, { to: 'in_progress', note: sendBackNote });
      assert.equal(sentBack.proposal, null);

      // Proposed again, approved by a second editor.
      const secondRationale = `${firstRationale} The meeting later took place at Vostochny, not in Vladivostok itself.`;
      await moved(checker.api, id, { to: 'in_review', rating: 'mostly-true', rationale: secondRationale });
      const published = await moved(approver.api, id, { to: 'published' });
      assert.equal(published.rating, 'mostly-true');
      assert.equal(published.ratingScaleVersion, 1);
      assert.equal(published.proposal, null);
      assert.ok(published.firstPublishedAt, 'firstPublishedAt is set');
      assert.equal(published.lastPublishedAt, published.firstPublishedAt);
      assert.equal(published.version, 7);

      // The public sees it: in the feed and on its page, with a ClaimReview of the seed claim.
      const page = await app.anonymous.get(`/fact-checks/${id}`).set('Accept', 'application/ld+json');
      assert.equal(page.status, 200, page.text);
      const review = JSON.parse(page.text) as Record<string, any>;
      assert.equal(review['@type'], 'ClaimReview');
      // The seed summaries are longer than the 75 code points claimReviewed allows: cut at a word, with "…".
      assert.ok([...review.claimReviewed].length <= 75 && review.claimReviewed.endsWith('…'), review.claimReviewed);
      assert.ok(seedClaim.summary!.startsWith(review.claimReviewed.slice(0, -1)), review.claimReviewed);
      assert.equal(review.reviewRating.ratingValue, 4);
      assert.equal(review.itemReviewed.author.name, 'US and allied sources');
      assert.equal(review.itemReviewed.appearance[0].headline, shipped!.title);
      const feed = await app.anonymous.get('/feed.json').query({ limit: 100 });
      const item = (JSON.parse(feed.text).items as Array<{ id: string; _claimreview: { claimReview: unknown } }>).find((entry) =>
        entry.id.endsWith(`/fact-checks/${id}`),
      );
      assert.deepEqual(item?._claimreview.claimReview, review, 'the feed item carries the same ClaimReview');

      // An editor opens a correction, and holds it; the checker takes it over and proposes a new rating.
      const correctionOpened = 'The venue claim deserves a lower rating.';
      const reopened = await moved(sender.api, id, { to: 'in_progress', note: correctionOpened });
      assert.equal(reopened.rating, 'mostly-true', 'the published rating stays until a new one is published');
      assert.equal(reopened.assigneeId, sender.id);
      const takeOverNote = 'I checked the venue the first time: I will do the correction.';
      assert.equal((await moved(checker.api, id, { to: 'in_progress', note: takeOverNote })).assigneeId, checker.id);
      const thirdRationale = 'The meeting happened, but not in Vladivostok: the place is half of the claim.';
      await moved(checker.api, id, { to: 'in_review', rating: 'half-true', rationale: thirdRationale });

      // Republishing needs a correction note.
      await assertGuardFails(approver.api, id, { to: 'published' }, 'correction-note-required');
      await assertGuardFails(approver.api, id, { to: 'published', note: '  ' }, 'correction-note-required');
      const correctionNote = 'Corrected: the summit was held at the Vostochny cosmodrome, not in Vladivostok.';
      const republished = await moved(approver.api, id, { to: 'published', note: correctionNote });
      assert.equal(republished.rating, 'half-true');
      assert.equal(republished.ratingScaleVersion, 1);
      assert.equal(republished.firstPublishedAt, published.firstPublishedAt, 'firstPublishedAt does not move');
      assert.ok(Date.parse(republished.lastPublishedAt) > Date.parse(published.lastPublishedAt), 'lastPublishedAt moves on');
      assert.equal(republished.version, 11);
      assert.deepEqual(republished, (await readClaim(app.api, id)).body, 'the answer is the claim as stored');

      // The history, oldest first.
      const events = await history(app.api, id);
      const step = (event: EventJson) => ({
        version: event.version,
        action: event.action,
        actor: event.actor?.name ?? null,
        from: event.fromStatus,
        to: event.toStatus,
        rating: event.rating,
        rationale: event.rationale,
        note: event.note,
      });
      const none = { rating: null, rationale: null, note: null };
      assert.deepEqual(events.map(step), [
        { version: 1, action: 'claim.created', actor: null, from: null, to: 'unverified', ...none },
        { version: 2, action: 'status.changed', actor: checker.name, from: 'unverified', to: 'in_progress', ...none },
        { version: 3, action: 'evidence.added', actor: checker.name, from: null, to: null, ...none },
        { version: 4, action: 'status.changed', actor: checker.name, from: 'in_progress', to: 'in_review', ...none, rating: 'mostly-true', rationale: firstRationale },
        { version: 5, action: 'status.changed', actor: sender.name, from: 'in_review', to: 'in_progress', ...none, note: sendBackNote },
        { version: 6, action: 'status.changed', actor: checker.name, from: 'in_progress', to: 'in_review', ...none, rating: 'mostly-true', rationale: secondRationale },
        { version: 7, action: 'status.changed', actor: approver.name, from: 'in_review', to: 'published', ...none, rating: 'mostly-true', rationale: secondRationale },
        { version: 8, action: 'status.changed', actor: sender.name, from: 'published', to: 'in_progress', ...none, note: correctionOpened },
        { version: 9, action: 'status.changed', actor: checker.name, from: 'in_progress', to: 'in_progress', ...none, note: takeOverNote },
        { version: 10, action: 'status.changed', actor: checker.name, from: 'in_progress', to: 'in_review', ...none, rating: 'half-true', rationale: thirdRationale },
        { version: 11, action: 'status.changed', actor: approver.name, from: 'in_review', to: 'published', rating: 'half-true', rationale: thirdRationale, note: correctionNote },
      ]);
      assert.deepEqual(
        events.map((event) => event.actor?.id ?? null),
        [null, checker.id, checker.id, checker.id, sender.id, checker.id, approver.id, sender.id, checker.id, checker.id, approver.id],
      );
      // Who held the claim, as each move changed it.
      assert.deepEqual(
        events.flatMap((event) => (event.changes && 'assigneeId' in event.changes ? [[event.version, event.changes.assigneeId]] : [])),
        [
          [2, { from: null, to: checker.id }],
          [8, { from: checker.id, to: sender.id }],
          [9, { from: sender.id, to: checker.id }],
        ],
      );
      assert.deepEqual(events[2]!.changes, { evidenceId: evidence.id, url: evidence.url, stance: 'supports' });
      assert.deepEqual(events.map((event) => Date.parse(event.createdAt)), events.map((event) => Date.parse(event.createdAt)).sort((a, b) => a - b));

      // The earlier verdict is still on record, in the history and in the verdicts table.
      const firstVerdict = events.find((event) => event.toStatus === 'published' && event.rating === 'mostly-true');
      assert.ok(firstVerdict, 'the first publication is in the history');
      const verdicts = (await app.db.dataSource.query(
        `SELECT rating, rating_scale_version, rationale, proposed_by, approved_by, correction_note, published_at
           FROM verdicts WHERE claim_id = $1 ORDER BY published_at`,
        [id],
      )) as Array<Record<string, unknown>>;
      assert.deepEqual(
        verdicts.map((row) => ({ ...row, published_at: new Date(row.published_at as string).toISOString() })),
        [
          {
            rating: 'mostly-true',
            rating_scale_version: 1,
            rationale: secondRationale,
            proposed_by: checker.id,
            approved_by: approver.id,
            correction_note: null,
            published_at: published.firstPublishedAt,
          },
          {
            rating: 'half-true',
            rating_scale_version: 1,
            rationale: thirdRationale,
            proposed_by: checker.id,
            approved_by: approver.id,
            correction_note: correctionNote,
            published_at: republished.lastPublishedAt,
          },
        ],
      );
    });

    it('when a claim is set aside with a note, reopened, taken and set aside again, then each move is recorded with its note', async () => {
      const claim = await aClaim();
      const { checker } = crew;
      assert.equal((await moved(checker.api, claim.id, { to: 'not_checkable', note: 'A prediction.' })).status, 'not_checkable');
      await moved(checker.api, claim.id, { to: 'unverified', note: 'The date has passed: checkable now.' });
      assert.equal((await moved(checker.api, claim.id, { to: 'in_progress' })).assigneeId, checker.id);
      const final = await moved(checker.api, claim.id, { to: 'not_checkable', note: 'No record exists either way.' });
      assert.equal(final.version, 5);
      const moves = (await history(app.api, claim.id))
        .filter((event) => event.action === 'status.changed')
        .map((event) => [event.fromStatus, event.toStatus, event.note]);
      assert.deepEqual(moves, [
        ['unverified', 'not_checkable', 'A prediction.'],
        ['not_checkable', 'unverified', 'The date has passed: checkable now.'],
        ['unverified', 'in_progress', null],
        ['in_progress', 'not_checkable', 'No record exists either way.'],
      ]);
      assert.equal(final.assigneeId, checker.id, 'set aside by the one who had it');
      const reopened = await moved(checker.api, claim.id, { to: 'unverified', note: 'A record turned up.' });
      assert.equal(reopened.assigneeId, null, 'unverified again: nobody is working on it');
    });
  });

  describe('guards', () => {
    const proposal = { to: 'in_review', rating: 'false', rationale: 'The budget says 9 million.' };

    it('when a rating is proposed without evidence, then 422 evidence-required and nothing changes', async () => {
      const claim = await claimIn('in_progress');
      await assertGuardFails(crew.checker.api, claim.id, proposal, 'evidence-required');
    });

    it('when a rating is proposed with only retracted evidence, then 422 evidence-required and nothing changes', async () => {
      const claim = await claimIn('in_progress');
      for (const reason of ['Dead link.', 'Wrong article.']) {
        const evidence = await addEvidence(crew.checker.api, claim.id);
        assert.equal((await retract(crew.checker.api, claim.id, evidence.id, reason)).status, 200);
      }
      await assertGuardFails(crew.checker.api, claim.id, proposal, 'evidence-required');
      // One current piece is enough.
      await addEvidence(crew.checker.api, claim.id);
      await moved(crew.checker.api, claim.id, proposal);
    });

    it('when a rating is proposed without a rationale, or a blank one, then 422 rationale-required and nothing changes', async () => {
      const claim = await claimIn('in_progress');
      await addEvidence(crew.checker.api, claim.id);
      await assertGuardFails(crew.checker.api, claim.id, { to: 'in_review', rating: 'false' }, 'rationale-required');
      await assertGuardFails(crew.checker.api, claim.id, { to: 'in_review', rating: 'false', rationale: ' \n ' }, 'rationale-required');
    });

    it('when the proposed rating is unknown, blank or missing, then 422 rating-required and nothing changes', async () => {
      const claim = await claimIn('in_progress');
      await addEvidence(crew.checker.api, claim.id);
      const rationale = 'The budget says 9 million.';
      for (const rating of ['pants-on-fire', 'False', '', undefined]) {
        await assertGuardFails(crew.checker.api, claim.id, { to: 'in_review', rating, rationale }, 'rating-required');
      }
    });

    it('when a proposal is sent back without a note, or a blank one, then 422 note-required and nothing changes', async () => {
      const claim = await claimIn('in_review');
      await assertGuardFails(crew.editor.api, claim.id, { to: 'in_progress' }, 'note-required');
      await assertGuardFails(crew.editor.api, claim.id, { to: 'in_progress', note: '   ' }, 'note-required');
    });

    it('when an editor approves the rating they proposed themselves, then 422 four-eyes and nothing changes', async () => {
      const claim = await aClaim();
      const editor = await app.user('editor');
      await moved(editor.api, claim.id, { to: 'in_progress' });
      await addEvidence(editor.api, claim.id);
      await moved(editor.api, claim.id, proposal);
      await assertGuardFails(editor.api, claim.id, { to: 'published' }, 'four-eyes');
      // Another editor may.
      assert.equal((await moved(crew.editor.api, claim.id, { to: 'published' })).rating, 'false');
    });

    it('when a claim is set aside without a note, from unverified or in progress, then 422 note-required and nothing changes', async () => {
      for (const status of ['unverified', 'in_progress'] as const) {
        const claim = await claimIn(status);
        await assertGuardFails(crew.checker.api, claim.id, { to: 'not_checkable' }, 'note-required');
        await assertGuardFails(crew.checker.api, claim.id, { to: 'not_checkable', note: '' }, 'note-required');
      }
    });

    it('when a correction is opened or a claim reopened without a note, then 422 note-required and nothing changes', async () => {
      const published = await claimIn('published');
      await assertGuardFails(crew.checker.api, published.id, { to: 'in_progress' }, 'note-required');
      const setAside = await claimIn('not_checkable');
      await assertGuardFails(crew.checker.api, setAside.id, { to: 'unverified' }, 'note-required');
    });

    it('when a claim published before is set aside while in correction, then 422 published-verdict-exists and nothing changes', async () => {
      const claim = await claimIn('published');
      await moved(crew.checker.api, claim.id, { to: 'in_progress', note: 'New figures from the ministry.' });
      await assertGuardFails(crew.checker.api, claim.id, { to: 'not_checkable', note: 'Cannot check after all.' }, 'published-verdict-exists');
    });
  });

  describe('approving re-checks the proposal', () => {
    /** Writes behind the API's back, as a path nobody foresaw might: the API itself refuses these in review. */
    const behindTheApi = (sql: string, parameters: unknown[]) => app.db.dataSource.query(sql, parameters);

    it('when the only evidence was retracted behind the API while in review, then approving fails with 422 evidence-required and nothing is published', async () => {
      const claim = await claimIn('in_review');
      const [evidence] = await listEvidenceOf(app.api, claim.id);
      await behindTheApi('UPDATE evidence SET retracted_at = now(), retraction_reason = $2 WHERE id = $1', [evidence!.id, 'Gone.']);
      await assertGuardFails(crew.editor.api, claim.id, { to: 'published' }, 'evidence-required');
      assert.equal((await readClaim(app.api, claim.id)).body.rating, null);
    });

    it('when the claim’s text changed behind the API while in review, then approving fails with 422 proposal-changed and nothing is published', async () => {
      const claim = await claimIn('in_review');
      await behindTheApi('UPDATE claims SET claimant = $2 WHERE id = $1', [claim.id, 'Someone else entirely']);
      await assertGuardFails(crew.editor.api, claim.id, { to: 'published' }, 'proposal-changed');
      // The way out: send it back, propose again (what is proposed now is what gets approved).
      await moved(crew.editor.api, claim.id, { to: 'in_progress', note: 'The claimant changed: look again.' });
      await moved(crew.checker.api, claim.id, { to: 'in_review', rating: 'false', rationale: 'Still false, whoever said it.' });
      assert.equal((await moved(crew.editor.api, claim.id, { to: 'published' })).rating, 'false');
      const verdicts = (await app.db.dataSource.query('SELECT claim_snapshot FROM verdicts WHERE claim_id = $1', [claim.id])) as Array<{
        claim_snapshot: { claimant: string };
      }>;
      assert.deepEqual(verdicts.map((row) => row.claim_snapshot.claimant), ['Someone else entirely']);
    });

    it('when evidence was added behind the API while in review, then approving fails with 422 proposal-changed', async () => {
      const claim = await claimIn('in_review');
      await behindTheApi(
        `INSERT INTO evidence (claim_id, url, stance, accessed_at, added_by) VALUES ($1, 'https://evidence.test/late', 'supports', now(), $2)`,
        [claim.id, crew.checker.id],
      );
      await assertGuardFails(crew.editor.api, claim.id, { to: 'published' }, 'proposal-changed');
    });

    it('when a claim was proposed before proposals were pinned, then approving fails with 422 proposal-changed until it is proposed again', async () => {
      const claim = await claimIn('in_review');
      await behindTheApi('UPDATE claims SET proposal_digest = NULL WHERE id = $1', [claim.id]);
      await assertGuardFails(crew.editor.api, claim.id, { to: 'published' }, 'proposal-changed');
    });
  });

  describe('who holds a claim', () => {
    const proposal = { to: 'in_review', rating: 'false', rationale: 'The budget says 9 million.' };

    it('when a checker who does not hold the claim proposes a verdict, then 422 assignee-only and nothing changes; an editor may', async () => {
      const claim = await claimIn('in_progress');
      await addEvidence(crew.checker.api, claim.id);
      const other = await app.user('checker');
      await assertGuardFails(other.api, claim.id, proposal, 'assignee-only');
      const proposed = await moved(app.api, claim.id, proposal);
      assert.equal(proposed.assigneeId, crew.checker.id, 'an editor proposing does not take the claim');
    });

    it('when a checker who does not hold the claim sets it aside, then 422 assignee-only and nothing changes', async () => {
      const claim = await claimIn('in_progress');
      const other = await app.user('checker');
      await assertGuardFails(other.api, claim.id, { to: 'not_checkable', note: 'Not checkable.' }, 'assignee-only');
    });

    it('when a checker takes over a held claim without a note, then 422 note-required; with a note, then they hold it and the history names the previous assignee', async () => {
      const claim = await claimIn('in_progress');
      const other = await app.user('checker');
      await assertGuardFails(other.api, claim.id, { to: 'in_progress' }, 'note-required');
      await assertGuardFails(other.api, claim.id, { to: 'in_progress', note: ' ' }, 'note-required');
      const note = 'Ayu is on leave this week.';
      const taken = await moved(other.api, claim.id, { to: 'in_progress', note });
      assert.equal(taken.assigneeId, other.id);
      assert.equal(taken.status, 'in_progress');
      const last = (await history(app.api, claim.id)).at(-1)!;
      assert.deepEqual(
        { action: last.action, actor: last.actor?.id, from: last.fromStatus, to: last.toStatus, note: last.note, changes: last.changes, version: last.version },
        { action: 'status.changed', actor: other.id, from: 'in_progress', to: 'in_progress', note, changes: { assigneeId: { from: crew.checker.id, to: other.id } }, version: taken.version },
      );
      // Now the previous assignee is the one who may not propose.
      await addEvidence(other.api, claim.id);
      await assertGuardFails(crew.checker.api, claim.id, proposal, 'assignee-only');
      await moved(other.api, claim.id, proposal);
    });

    it('when the assignee takes over their own claim, then 422 already-assignee and nothing changes', async () => {
      const claim = await claimIn('in_progress');
      await assertGuardFails(crew.checker.api, claim.id, { to: 'in_progress', note: 'Mine, really.' }, 'already-assignee');
    });

    it('when a proposal is sent back, then the checker who proposed still holds it and proposes again', async () => {
      const claim = await claimIn('in_review');
      const sentBack = await moved(crew.editor.api, claim.id, { to: 'in_progress', note: 'Cite the budget line.' });
      assert.equal(sentBack.assigneeId, crew.checker.id);
      await moved(crew.checker.api, claim.id, proposal);
    });
  });

  describe('moves that are not in the table', () => {
    it('when a claim in any status is moved where the table does not lead, then 409 lists the allowed statuses and nothing changes', async () => {
      for (const from of statuses) {
        const claim = await claimIn(from);
        const refused = statuses.filter((to) => !allowedMoves[from].includes(to));
        // Staying put is not a move, except taking over a claim in progress.
        assert.equal(refused.includes(from), from !== 'in_progress', from);
        for (const to of refused) {
          const before = await snapshot(claim.id);
          const response = await crew.editor.api
            .post(`/api/v1/claims/${claim.id}/transitions`)
            .set('If-Match', before.etag)
            .send({ to });
          assertProblem(response, 409, 'transition-not-allowed');
          assert.equal(response.body.from, from);
          assert.equal(response.body.to, to);
          assert.deepEqual([...(response.body.allowed as string[])].sort(), [...allowedMoves[from]].sort(), `${from} -> ${to}`);
          await assertUnchanged(claim.id, before, `${from} -> ${to}`);
        }
      }
    });
  });

  describe('roles', () => {
    it('when a checker sends back or approves a proposal, then 403 and nothing changes', async () => {
      const claim = await claimIn('in_review');
      const otherChecker = await app.user('checker');
      for (const body of [validBody['in_review->in_progress']!, validBody['in_review->published']!]) {
        for (const checker of [crew.checker, otherChecker]) {
          const before = await snapshot(claim.id);
          const response = await checker.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', before.etag).send(body);
          assertProblem(response, 403, 'forbidden');
          await assertUnchanged(claim.id, before, `checker ${JSON.stringify(body)}`);
        }
      }
    });

    it('when an admin makes any move of the table, then 403 and nothing changes', async () => {
      const admin = await app.user('admin');
      for (const from of statuses) {
        const claim = await claimIn(from);
        for (const to of allowedMoves[from]) {
          const body = validBody[`${from}->${to}`];
          assert.ok(body, `a body for ${from} -> ${to}`);
          const before = await snapshot(claim.id);
          const response = await admin.api
            .post(`/api/v1/claims/${claim.id}/transitions`)
            .set('If-Match', before.etag)
            .send(body);
          assertProblem(response, 403, 'forbidden');
          await assertUnchanged(claim.id, before, `admin ${from} -> ${to}`);
        }
      }
    });
  });

  describe('request bodies', () => {
    it('when a move carries a field it does not use, then 422 points at that field and nothing changes', async () => {
      const cases: Array<[Status, Record<string, unknown>, string[]]> = [
        ['unverified', { to: 'in_progress', rating: 'true' }, ['#/rating']],
        ['unverified', { to: 'in_progress', rating: 'true', rationale: 'Because.' }, ['#/rating', '#/rationale']],
        ['in_review', { to: 'published', rating: 'true' }, ['#/rating']],
        ['in_review', { to: 'in_progress', note: 'Redo.', rationale: 'Because.' }, ['#/rationale']],
        ['not_checkable', { to: 'unverified', note: 'Back.', rating: 'false' }, ['#/rating']],
      ];
      for (const [status, body, pointers] of cases) {
        const claim = await claimIn(status);
        const before = await snapshot(claim.id);
        const response = await crew.editor.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', before.etag).send(body);
        assertProblem(response, 422, 'validation-failed');
        assert.deepEqual((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer), pointers, JSON.stringify(body));
        await assertUnchanged(claim.id, before, JSON.stringify(body));
      }
    });

    it('when the body has an unknown field, no to, or a to that is not a status, then 422 points at it and nothing changes', async () => {
      const claim = await aClaim();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ to: 'in_progress', colour: 'red' }, '#/colour'],
        [{ to: 'done' }, '#/to'],
        [{ to: 'In_Progress' }, '#/to'],
        [{ to: null }, '#/to'],
        [{}, '#/to'],
        [{ to: 'in_progress', note: 42 }, '#/note'],
      ];
      for (const [body, pointer] of cases) {
        const before = await snapshot(claim.id);
        const response = await crew.checker.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', before.etag).send(body);
        assertProblem(response, 422, 'validation-failed');
        const pointers = new Set((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer));
        assert.deepEqual([...pointers], [pointer], JSON.stringify(body));
        await assertUnchanged(claim.id, before, JSON.stringify(body));
      }
    });

    it('when note, rating or rationale is null, then 422 points at it and nothing changes', async () => {
      const cases: Array<[Status, Record<string, unknown>, string]> = [
        ['in_review', { to: 'in_progress', note: null }, '#/note'],
        ['unverified', { to: 'not_checkable', note: null }, '#/note'],
        ['unverified', { to: 'in_progress', note: null }, '#/note'],
        ['in_progress', { to: 'in_review', rating: null, rationale: 'The budget says 9 million.' }, '#/rating'],
        ['in_progress', { to: 'in_review', rating: 'false', rationale: null }, '#/rationale'],
        ['in_review', { to: 'published', note: null }, '#/note'],
      ];
      for (const [status, body, pointer] of cases) {
        const claim = await claimIn(status);
        if (status === 'in_progress') await addEvidence(crew.checker.api, claim.id);
        const before = await snapshot(claim.id);
        const response = await crew.editor.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', before.etag).send(body);
        assertProblem(response, 422, 'validation-failed');
        const pointers = new Set((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer));
        assert.deepEqual([...pointers], [pointer], JSON.stringify(body));
        await assertUnchanged(claim.id, before, JSON.stringify(body));
      }
    });

    it('when the claim does not exist, then 404', async () => {
      const response = await crew.checker.api
        .post('/api/v1/claims/00000000-0000-4000-8000-000000000000/transitions')
        .set('If-Match', '"v1"')
        .send({ to: 'in_progress' });
      assertProblem(response, 404, 'not-found');
    });
  });

  describe('If-Match', () => {
    type Change = { name: string; send: (api: supertest.Agent, claimId: string, ifMatch: string | null) => Promise<supertest.Response>; status: number };
    const withIfMatch = (request: supertest.Test, ifMatch: string | null) => (ifMatch === null ? request : request.set('If-Match', ifMatch));
    const changes: Change[] = [
      {
        name: 'POST /transitions',
        status: 200,
        send: (api, id, ifMatch) => withIfMatch(api.post(`/api/v1/claims/${id}/transitions`), ifMatch).send({ to: 'in_progress' }),
      },
      {
        name: 'PATCH /claims/:id',
        status: 200,
        send: (api, id, ifMatch) => withIfMatch(api.patch(`/api/v1/claims/${id}`), ifMatch).send({ summary: `Edited ${uniqueToken()}` }),
      },
      {
        name: 'POST /evidence',
        status: 201,
        send: (api, id, ifMatch) =>
          withIfMatch(api.post(`/api/v1/claims/${id}/evidence`), ifMatch).send({ url: 'https://evidence.test/budget', stance: 'refutes' }),
      },
    ];

    for (const change of changes) {
      it(`when ${change.name} has no If-Match or a blank one, then 428 and nothing changes`, async () => {
        const claim = await aClaim();
        const before = await snapshot(claim.id);
        for (const ifMatch of [null, '', '  ']) {
          assertProblem(await change.send(crew.checker.api, claim.id, ifMatch), 428, 'precondition-required');
        }
        await assertUnchanged(claim.id, before, change.name);
      });

      it(`when ${change.name} has "*", a list of ETags (the right one among them) or no ETag at all in If-Match, then 400 invalid-if-match and nothing changes`, async () => {
        const claim = await aClaim();
        const before = await snapshot(claim.id);
        assert.equal(before.etag, '"v1"');
        const guesses = Array.from({ length: 1_500 }, (_, index) => `"v${index}"`).join(', ');
        for (const ifMatch of ['*', ' * ', '"v1", "v2"', '"v0","v1"', `W/"v1", "v1"`, guesses, 'v1', 'garbage', '"v1', '"v"1"', '"v1"'.repeat(3)]) {
          const response = await change.send(crew.checker.api, claim.id, ifMatch);
          assertProblem(response, 400, 'invalid-if-match');
          assert.equal(response.body.currentEtag, undefined, 'a malformed If-Match learns nothing about the claim');
        }
        await assertUnchanged(claim.id, before, change.name);
      });

      it(`when ${change.name} has a stale, unknown or weak If-Match, then 412 tells the current ETag and nothing changes`, async () => {
        const claim = await aClaim();
        const stale = (await readClaim(app.api, claim.id)).etag;
        const patched = await app.api.patch(`/api/v1/claims/${claim.id}`).set('If-Match', stale).send({ summary: 'Moved on' });
        assert.equal(patched.status, 200);
        const before = await snapshot(claim.id);
        assert.equal(before.etag, '"v2"');
        // A weak ETag never matches strongly, not even the current one.
        for (const ifMatch of [stale, '"v99"', '"garbage"', '""', `W/${before.etag}`, `W/${stale}`]) {
          const response = await change.send(crew.checker.api, claim.id, ifMatch);
          assertProblem(response, 412, 'precondition-failed');
          assert.equal(response.body.currentEtag, before.etag, ifMatch);
        }
        await assertUnchanged(claim.id, before, change.name);
      });

      it(`when ${change.name} has the current ETag, then it succeeds and answers with the next ETag`, async () => {
        const claim = await aClaim();
        await app.api.patch(`/api/v1/claims/${claim.id}`).set('If-Match', '"v1"').send({ summary: 'Second version' }).expect(200);
        const { etag, body } = await readClaim(app.api, claim.id);
        assert.equal(etag, '"v2"');
        const response = await change.send(crew.checker.api, claim.id, etag);
        assert.equal(response.status, change.status, JSON.stringify(response.body));
        assert.equal(response.headers.etag, `"v${body.version + 1}"`);
        const after = await readClaim(app.api, claim.id);
        assert.equal(after.etag, '"v3"');
        assert.equal(after.body.version, 3);
        // The ETag it answered with is the one to use next.
        const again = await change.send(crew.checker.api, claim.id, etag);
        assertProblem(again, 412, 'precondition-failed');
      });
    }
  });

  describe('a race', () => {
    it('when 50 checkers take the same claim with the same ETag at once, then exactly one wins, the rest get 412, and one event is written', async () => {
      const claim = await aClaim();
      const checkers: TestUser[] = [];
      for (let index = 0; index < 50; index++) checkers.push(await app.user('checker'));
      const { etag } = await readClaim(app.api, claim.id);
      const responses = await Promise.all(
        checkers.map((checker) =>
          checker.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', etag).send({ to: 'in_progress' }),
        ),
      );
      const counts: Record<number, number> = {};
      for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
      const winners = responses.flatMap((response, index) => (response.status === 200 ? [checkers[index]!] : []));
      const after = await readClaim(app.api, claim.id);
      const events = await history(app.api, claim.id);
      const taken = events.filter((event) => event.action === 'status.changed');
      console.log(
        `race on ${app.db.kind}: If-Match ${etag}, statuses ${JSON.stringify(counts)}; ` +
          `claim now ${after.etag} ${after.body.status}, assignee ${after.body.assigneeId === winners[0]?.id ? 'the winner' : after.body.assigneeId}; ` +
          `history: ${events.map((event) => `v${event.version} ${event.action}${event.toStatus ? `→${event.toStatus}` : ''} by ${event.actor?.name ?? 'system'}`).join(', ')}`,
      );
      assert.deepEqual(counts, { 200: 1, 412: 49 });
      for (const response of responses.filter((response) => response.status === 412)) {
        assert.equal(response.body.type, '/problems/precondition-failed');
        assert.equal(response.body.currentEtag, '"v2"');
      }
      assert.equal(winners.length, 1);
      assert.equal(after.body.version, 2, 'exactly one more version');
      assert.equal(after.body.status, 'in_progress');
      assert.equal(after.body.assigneeId, winners[0]!.id);
      assert.equal(taken.length, 1, 'exactly one status.changed event');
      assert.deepEqual(
        { actor: taken[0]!.actor?.id, from: taken[0]!.fromStatus, to: taken[0]!.toStatus, version: taken[0]!.version },
        { actor: winners[0]!.id, from: 'unverified', to: 'in_progress', version: 2 },
      );
      assert.deepEqual(events.map((event) => event.version), [1, 2]);
    });
  });

  describe('GET /api/v1/ratings', () => {
    it('when the rating scale is read, then it is version 1 with the seven ratings in order, each with its value, label and definition', async () => {
      const response = await crew.checker.api.get('/api/v1/ratings');
      assert.equal(response.status, 200);
      assert.equal(response.body.version, 1);
      const ratings = response.body.ratings as Array<{ id: string; label: string; definition: string; value: number | null }>;
      assert.deepEqual(
        ratings.map(({ id, label, value }) => ({ id, label, value })),
        [
          { id: 'true', label: 'True', value: 5 },
          { id: 'mostly-true', label: 'Mostly true', value: 4 },
          { id: 'half-true', label: 'Half true', value: 3 },
          { id: 'mostly-false', label: 'Mostly false', value: 2 },
          { id: 'false', label: 'False', value: 1 },
          { id: 'misleading', label: 'Misleading', value: null },
          { id: 'unproven', label: 'Unproven', value: null },
        ],
      );
      for (const rating of ratings) {
        assert.deepEqual(Object.keys(rating).sort(), ['definition', 'id', 'label', 'value'], rating.id);
        assert.ok(rating.definition.trim().length > 20, `${rating.id} has a definition`);
      }
      assert.equal(new Set(ratings.map((rating) => rating.definition)).size, 7, 'each definition is its own');
      assert.match(ratings.find((rating) => rating.id === 'false')!.definition, /not accurate/);
    });

    it('when an admin or editor reads the scale, then it is the same; without a token, then 401', async () => {
      const admin = await app.user('admin');
      const asChecker = await crew.checker.api.get('/api/v1/ratings');
      assert.deepEqual((await admin.api.get('/api/v1/ratings')).body, asChecker.body);
      assert.deepEqual((await app.api.get('/api/v1/ratings')).body, asChecker.body);
      assertProblem(await app.anonymous.get('/api/v1/ratings'), 401, 'unauthenticated');
    });
  });
});
