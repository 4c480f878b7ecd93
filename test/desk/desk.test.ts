import 'reflect-metadata'; // the DTO below is decorated at import, before the app loads it
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { DeskQuery } from '../../src/desk/desk.dto';
import { loadDesk } from '../../src/desk/desk.service';
import { presentDesk } from '../../src/desk/desk.presenter';
import { parseQuery } from '../../src/http/validation';
import { assertProblem, createArticle, createClaim, setClaimStatus, uniqueToken, type ArticleJson, type ClaimJson } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { addEvidence, driveTo, hireCrew, history, moved, newClaim, type Crew } from '../support/workflow';

type Person = { id: string; name: string };
type DeskClaimJson = {
  id: string;
  article: { id: string; title: string };
  quote: string;
  claimant: string;
  status: string;
  rating: string | null;
  assignee: Person | null;
  version: number;
  lastChange: { action: string; actor: Person | null; at: string } | null;
};
type QueuedJson = DeskClaimJson & { enteredReviewAt: string; proposal: { rating: string | null; proposedBy: Person | null } };
type PublishedJson = DeskClaimJson & { publishedAt: string; correction: boolean };
type DeskJson = {
  asOf: string;
  staleDays: number;
  staleBefore: string;
  todayStartsAt: string;
  reviewQueue: { items: QueuedJson[]; nextCursor: string | null };
  inProgressByAssignee: Array<{ assignee: Person | null; claims: DeskClaimJson[] }>;
  stale: DeskClaimJson[];
  publishedToday: PublishedJson[];
  truncated: { inProgressByAssignee: boolean; stale: boolean; publishedToday: boolean };
};

const dayMs = 24 * 60 * 60 * 1000;
const ids = (items: Array<{ id: string }>): string[] => items.map((item) => item.id);
const person = (user: Person): Person => ({ id: user.id, name: user.name });

/** Quotes that each occur once in the factory's article body. */
const quotes = ['JAKARTA', 'The ministry said', 'the new bridge cost 5 million dollars', 'Critics said the figure was too low.'];

describe('desk', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  async function desk(query: Record<string, string | number> = {}, api: supertest.Agent = app.api): Promise<DeskJson> {
    const response = await api.get('/api/v1/desk').query(query);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body as DeskJson;
  }

  /** The desk as of another moment, through the same service and presenter the route uses. */
  async function deskAsOf(asOf: Date, query: Record<string, string | number>): Promise<DeskJson> {
    const parsed = await parseQuery(DeskQuery, query);
    return JSON.parse(JSON.stringify(presentDesk(await loadDesk(app.db.dataSource, parsed, asOf), parsed.limit))) as DeskJson;
  }

  /** An article with `count` claims, each made by the editor. */
  async function articleWithClaims(count: number, claimant = (index: number) => `Claimant ${index}`) {
    const article = await createArticle(app.api);
    const claims: ClaimJson[] = [];
    for (let index = 0; index < count; index += 1) {
      claims.push(await createClaim(app.api, article.id, { quote: quotes[index], claimant: claimant(index) }));
    }
    return { article, claims };
  }

  const propose = (crew: Crew, claimId: string) =>
    moved(crew.checker.api, claimId, { to: 'in_review', rating: 'false', rationale: 'The budget says otherwise.' });

  /** Claims of a new crew's checker, each taken and evidenced, so that they can be proposed in any order. */
  async function readyForReview(crew: Crew, count: number): Promise<ClaimJson[]> {
    const claims: ClaimJson[] = [];
    for (let index = 0; index < count; index += 1) {
      const claim = await newClaim(app.api);
      await driveTo(crew, claim.id, 'in_progress');
      await addEvidence(crew.checker.api, claim.id);
      claims.push(claim);
    }
    return claims;
  }

  describe('review queue', () => {
    it('when claims enter review one after another, then the queue lists the oldest arrival first with proposer and proposed rating', async () => {
      const crew = await hireCrew(app);
      const [first, second, third] = (await readyForReview(crew, 3)) as [ClaimJson, ClaimJson, ClaimJson];
      // Proposed in another order than they were created.
      for (const claim of [second, third, first]) await propose(crew, claim.id);

      const { reviewQueue } = await desk({ assigneeId: crew.checker.id });
      assert.deepEqual(ids(reviewQueue.items), ids([second, third, first]));
      assert.equal(reviewQueue.nextCursor, null);
      const times = reviewQueue.items.map((item) => Date.parse(item.enteredReviewAt));
      assert.deepEqual(times, [...times].sort((a, b) => a - b));
      for (const item of reviewQueue.items) {
        assert.deepEqual(item.proposal, { rating: 'false', proposedBy: person(crew.checker) });
        assert.equal(item.status, 'in_review');
        assert.deepEqual(item.assignee, person(crew.checker));
        const entered = (await history(app.api, item.id)).findLast((event) => event.toStatus === 'in_review')!;
        assert.equal(item.enteredReviewAt, entered.createdAt, 'the time of its move into review');
      }
    });

    it('when a claim is sent back and proposed again, then it goes to the back of the queue', async () => {
      const crew = await hireCrew(app);
      const [early, late] = (await readyForReview(crew, 2)) as [ClaimJson, ClaimJson];
      await propose(crew, early.id);
      await propose(crew, late.id);
      assert.deepEqual(ids((await desk({ assigneeId: crew.checker.id })).reviewQueue.items), ids([early, late]));

      await moved(crew.editor.api, early.id, { to: 'in_progress', note: 'Quote the budget line.' });
      assert.deepEqual(ids((await desk({ assigneeId: crew.checker.id })).reviewQueue.items), ids([late]));
      await propose(crew, early.id);
      assert.deepEqual(ids((await desk({ assigneeId: crew.checker.id })).reviewQueue.items), ids([late, early]));
    });

    it('when the queue is longer than the limit, then nextCursor pages through it oldest first, each claim once', async () => {
      const crew = await hireCrew(app);
      const claims = await readyForReview(crew, 5);
      for (const claim of claims) await propose(crew, claim.id);

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page: DeskJson = await desk({ assigneeId: crew.checker.id, limit: 2, ...(cursor ? { cursor } : {}) });
        pages.push(ids(page.reviewQueue.items));
        cursor = page.reviewQueue.nextCursor;
      } while (cursor !== null && pages.length < 10);
      assert.deepEqual(pages.map((page) => page.length), [2, 2, 1]);
      assert.deepEqual(pages.flat(), ids(claims));
    });

    it('when a queued claim is approved between two pages, then the next page neither repeats nor skips the others', async () => {
      const crew = await hireCrew(app);
      const claims = (await readyForReview(crew, 4)) as [ClaimJson, ClaimJson, ClaimJson, ClaimJson];
      for (const claim of claims) await propose(crew, claim.id);

      const first = await desk({ assigneeId: crew.checker.id, limit: 2 });
      assert.deepEqual(ids(first.reviewQueue.items), ids(claims.slice(0, 2)));
      await moved(crew.editor.api, claims[1].id, { to: 'published' }); // the cursor's own claim leaves the queue
      const second = await desk({ assigneeId: crew.checker.id, limit: 2, cursor: first.reviewQueue.nextCursor! });
      assert.deepEqual(ids(second.reviewQueue.items), ids(claims.slice(2)));
    });

    it('when the claim a page ended on is sent back and proposed again before the next page, then the next page still starts where the first ended', async () => {
      const crew = await hireCrew(app);
      const claims = (await readyForReview(crew, 4)) as [ClaimJson, ClaimJson, ClaimJson, ClaimJson];
      for (const claim of claims) await propose(crew, claim.id);

      const first = await desk({ assigneeId: crew.checker.id, limit: 2 });
      await moved(crew.editor.api, claims[1].id, { to: 'in_progress', note: 'Quote the budget line.' });
      await propose(crew, claims[1].id); // now last in the queue
      const second = await desk({ assigneeId: crew.checker.id, limit: 2, cursor: first.reviewQueue.nextCursor! });
      assert.deepEqual(ids(second.reviewQueue.items), ids(claims.slice(2)), 'the claims between are not skipped');
      const third = await desk({ assigneeId: crew.checker.id, limit: 2, cursor: second.reviewQueue.nextCursor! });
      assert.deepEqual(ids(third.reviewQueue.items), ids([claims[1]]), 'and the claim proposed again comes at the back');
    });
  });

  describe('in progress', () => {
    it('when checkers work on claims of one article, then in-progress claims are grouped by assignee, by name', async () => {
      const [one, two] = [await hireCrew(app), await hireCrew(app)];
      const { article, claims } = await articleWithClaims(4);
      const [a, b, c, d] = claims as [ClaimJson, ClaimJson, ClaimJson, ClaimJson];
      await moved(one.checker.api, a.id, { to: 'in_progress' });
      await moved(two.checker.api, b.id, { to: 'in_progress' });
      await moved(one.checker.api, c.id, { to: 'in_progress' });
      await driveTo(two, d.id, 'in_review'); // in review: not in this section

      const groups = (await desk({ articleId: article.id })).inProgressByAssignee;
      const expected = [
        { assignee: person(one.checker), claims: [a.id, c.id] },
        { assignee: person(two.checker), claims: [b.id] },
      ].sort((x, y) => x.assignee.name.toLowerCase().localeCompare(y.assignee.name.toLowerCase()));
      assert.deepEqual(groups.map((group) => ({ assignee: group.assignee, claims: ids(group.claims) })), expected);
      for (const group of groups) {
        for (const claim of group.claims) {
          assert.equal(claim.status, 'in_progress');
          assert.deepEqual(claim.article, { id: article.id, title: article.title });
          assert.equal(claim.lastChange?.action, 'status.changed');
          assert.deepEqual(claim.lastChange?.actor, group.assignee);
        }
      }
    });

    it('when a claim is in progress with nobody assigned (moved by hand, or older than assignees), then it is listed last, under nobody', async () => {
      const crew = await hireCrew(app);
      const { article, claims } = await articleWithClaims(2);
      const [held, orphan] = claims as [ClaimJson, ClaimJson];
      await moved(crew.checker.api, held.id, { to: 'in_progress' });
      await setClaimStatus(app.db.dataSource, orphan.id, 'in_progress');

      const groups = (await desk({ articleId: article.id })).inProgressByAssignee;
      assert.deepEqual(groups.map((group) => ({ assignee: group.assignee, claims: ids(group.claims) })), [
        { assignee: person(crew.checker), claims: [held.id] },
        { assignee: null, claims: [orphan.id] },
      ]);
    });

    it('when more claims match than the limit, then the section shows limit claims and says it was cut', async () => {
      const crew = await hireCrew(app);
      const { article, claims } = await articleWithClaims(3);
      for (const claim of claims) await moved(crew.checker.api, claim.id, { to: 'in_progress' });

      const cut = await desk({ articleId: article.id, limit: 2 });
      assert.deepEqual(cut.inProgressByAssignee.flatMap((group) => ids(group.claims)), ids(claims.slice(0, 2)));
      assert.equal(cut.truncated.inProgressByAssignee, true);
      const whole = await desk({ articleId: article.id, limit: 3 });
      assert.deepEqual(whole.inProgressByAssignee.flatMap((group) => ids(group.claims)), ids(claims));
      assert.equal(whole.truncated.inProgressByAssignee, false);
    });
  });

  describe('stale', () => {
    it('when every claim was touched today, then none is stale, even with staleDays=1', async () => {
      const crew = await hireCrew(app);
      const { article, claims } = await articleWithClaims(3);
      await driveTo(crew, claims[1]!.id, 'in_progress');
      await driveTo(crew, claims[2]!.id, 'in_review');

      const body = await desk({ articleId: article.id, staleDays: 1 });
      assert.deepEqual(body.stale, []);
      assert.equal(body.staleDays, 1);
      assert.equal(Date.parse(body.asOf) - Date.parse(body.staleBefore), dayMs);
      assert.equal((await desk({ articleId: article.id })).staleDays, 7, 'seven days unless asked');
    });

    it('when the clock reads eight days on, then open claims are stale after seven days, stalest first, and settled claims never are', async () => {
      const crew = await hireCrew(app);
      const { article, claims } = await articleWithClaims(4);
      const [unverified, published, inReview, setAside] = claims as [ClaimJson, ClaimJson, ClaimJson, ClaimJson];
      await driveTo(crew, published.id, 'published');
      await driveTo(crew, inReview.id, 'in_review');
      await driveTo(crew, setAside.id, 'not_checkable');
      // A claim taken now: the freshest of the open ones.
      const officials = 'Officials expect construction to finish next year.'; // twice in the body: say which
      const start = article.body.indexOf(officials);
      const taken = await createClaim(app.api, article.id, { quote: officials, start, end: start + officials.length, claimant: 'Officials' });
      await moved(crew.checker.api, taken.id, { to: 'in_progress' });

      const later = new Date(Date.now() + 8 * dayMs);
      const body = await deskAsOf(later, { articleId: article.id, staleDays: 7 });
      assert.deepEqual(ids(body.stale), ids([unverified, inReview, taken]), 'open claims, longest untouched first');
      for (const claim of body.stale) {
        assert.equal(claim.lastChange?.at, (await history(app.api, claim.id)).at(-1)!.createdAt);
      }
      assert.deepEqual((await deskAsOf(later, { articleId: article.id, staleDays: 9 })).stale, [], 'not yet nine days');
    });

    it('when the threshold falls between two claims’ last changes, then only the one untouched longer is stale', async () => {
      const { article, claims } = await articleWithClaims(2);
      const [untouched, touched] = claims as [ClaimJson, ClaimJson];
      await sleep(5);
      await addEvidence(app.api, touched.id); // an event now, long after `untouched` was created
      const untouchedAt = Date.parse((await history(app.api, untouched.id)).at(-1)!.createdAt);
      const touchedAt = Date.parse((await history(app.api, touched.id)).at(-1)!.createdAt);
      assert.ok(touchedAt - untouchedAt >= 2, 'the two last changes are apart by more than the timestamps’ rounding');

      const between = new Date((untouchedAt + touchedAt) / 2 + 3 * dayMs);
      const body = await deskAsOf(between, { articleId: article.id, staleDays: 3 });
      assert.deepEqual(ids(body.stale), [untouched.id]);
      assert.equal(body.stale[0]!.lastChange?.action, 'claim.created');
    });
  });

  describe('published today', () => {
    it('when a verdict is published, then it is listed with its rating until the UTC day turns', async () => {
      const crew = await hireCrew(app);
      const { article, claims } = await articleWithClaims(2);
      const [published, waiting] = claims as [ClaimJson, ClaimJson];
      const approved = await driveTo(crew, published.id, 'published');
      await driveTo(crew, waiting.id, 'in_review');

      const body = await desk({ articleId: article.id });
      const asOf = new Date(body.asOf);
      const midnight = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate()));
      assert.equal(body.todayStartsAt, midnight.toISOString());
      assert.match(body.todayStartsAt, /T00:00:00\.000Z$/, 'midnight UTC');
      // Published at most seconds ago, so "today" unless the suite ran across midnight UTC.
      const expected = Date.parse(approved.lastPublishedAt) >= Date.parse(body.todayStartsAt) ? [published.id] : [];
      assert.deepEqual(ids(body.publishedToday), expected);
      if (expected.length > 0) {
        const [item] = body.publishedToday as [PublishedJson];
        assert.equal(item.rating, 'false');
        assert.equal(item.status, 'published');
        assert.equal(item.publishedAt, approved.lastPublishedAt);
        assert.equal(item.correction, false);
      }

      const tomorrow = new Date(Date.parse(body.todayStartsAt) + dayMs + 60_000);
      assert.deepEqual((await deskAsOf(tomorrow, { articleId: article.id })).publishedToday, [], 'yesterday’s verdicts are gone');
    });

    it('when a published claim is corrected and republished, then it is listed once, as a correction', async () => {
      const crew = await hireCrew(app);
      const claim = await newClaim(app.api);
      await driveTo(crew, claim.id, 'published');
      await moved(crew.checker.api, claim.id, { to: 'in_progress', note: 'New figures.' });
      await moved(crew.checker.api, claim.id, { to: 'in_review', rating: 'mostly-false', rationale: 'Revised budget.' });
      const republished = await moved(crew.editor.api, claim.id, { to: 'published', note: 'Corrected with the revised budget.' });

      // A second later, but on the same UTC day (a republication in the last second before midnight).
      const at = Date.parse(republished.lastPublishedAt);
      const later = new Date(Math.min(at + 1000, Math.floor(at / 86_400_000 + 1) * 86_400_000 - 1));
      const items = (await deskAsOf(later, { articleId: String(claim.articleId) })).publishedToday;
      assert.deepEqual(ids(items), [claim.id]);
      assert.equal(items[0]!.rating, 'mostly-false');
      assert.equal(items[0]!.correction, true);
    });
  });

  describe('filters', () => {
    it('when filtered by article, claimant or assignee, then every section keeps only the matching claims', async () => {
      const [one, two] = [await hireCrew(app), await hireCrew(app)];
      const token = uniqueToken();
      const { article, claims } = await articleWithClaims(2, (index) => [`Ministry ${token}`, `Critics_${token}`][index]!);
      const [ministry, critics] = claims as [ClaimJson, ClaimJson];
      await driveTo(one, ministry.id, 'in_review');
      await driveTo(two, critics.id, 'in_progress');

      const sections = (body: DeskJson) => ({
        queue: ids(body.reviewQueue.items),
        inProgress: body.inProgressByAssignee.flatMap((group) => ids(group.claims)),
      });
      assert.deepEqual(sections(await desk({ articleId: article.id })), { queue: [ministry.id], inProgress: [critics.id] });
      assert.deepEqual(sections(await desk({ articleId: article.id, claimant: `CRITICS_${token}` })), { queue: [], inProgress: [critics.id] });
      assert.deepEqual(sections(await desk({ claimant: `ministry ${token}` })), { queue: [ministry.id], inProgress: [] });
      assert.deepEqual(sections(await desk({ assigneeId: one.checker.id })), { queue: [ministry.id], inProgress: [] });
      assert.deepEqual(sections(await desk({ assigneeId: two.checker.id.toUpperCase() })), { queue: [], inProgress: [critics.id] });
      // LIKE's wildcards are taken literally: "_" matches only an underscore.
      assert.deepEqual(sections(await desk({ articleId: article.id, claimant: `Ministry_${token}` })), { queue: [], inProgress: [] });
      assert.deepEqual(sections(await desk({ articleId: article.id, claimant: '%' })), { queue: [], inProgress: [] });
      const other: ArticleJson = await createArticle(app.api);
      assert.deepEqual(sections(await desk({ articleId: other.id, assigneeId: one.checker.id })), { queue: [], inProgress: [] });
    });

    it('when a query parameter is bad, then 422 names it', async () => {
      const bad: Array<[Record<string, string>, string]> = [
        [{ limit: '0' }, 'limit'],
        [{ limit: '101' }, 'limit'],
        [{ staleDays: '0' }, 'staleDays'],
        [{ staleDays: '366' }, 'staleDays'],
        [{ staleDays: '1.5' }, 'staleDays'],
        [{ staleDays: 'week' }, 'staleDays'],
        [{ assigneeId: 'not-a-uuid' }, 'assigneeId'],
        [{ articleId: '123' }, 'articleId'],
        [{ claimant: '' }, 'claimant'],
        [{ cursor: 'not-a-cursor' }, 'cursor'],
        [{ status: 'in_review' }, 'status'],
      ];
      for (const [query, parameter] of bad) {
        const response = await app.api.get('/api/v1/desk').query(query);
        assertProblem(response, 422, 'validation-failed');
        assert.ok(
          (response.body.errors as Array<{ parameter: string }>).some((error) => error.parameter === parameter),
          `${JSON.stringify(query)}: ${JSON.stringify(response.body.errors)}`,
        );
      }
    });
  });

  describe('who may read it', () => {
    it('when a checker asks for the desk, then 403 forbidden; editors and admins get it', async () => {
      const crew = await hireCrew(app);
      assertProblem(await crew.checker.api.get('/api/v1/desk'), 403, 'forbidden');
      const admin = await app.user('admin');
      const claim = await newClaim(app.api);
      await driveTo(crew, claim.id, 'in_review');
      for (const api of [crew.editor.api, admin.api]) {
        assert.deepEqual(ids((await desk({ articleId: String(claim.articleId) }, api)).reviewQueue.items), [claim.id]);
      }
    });

    it('when called without a token, then 401', async () => {
      assertProblem(await app.anonymous.get('/api/v1/desk'), 401, 'unauthenticated');
    });
  });
});
