import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, type ClaimJson } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  addEvidence,
  driveTo,
  history,
  listEvidence,
  moved,
  postEvidence,
  readClaim,
  retract,
  type Crew,
  hireCrew,
  newClaim,
} from '../support/workflow';

const unknownId = '00000000-0000-4000-8000-000000000000';

describe('evidence', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp();
    crew = await hireCrew(app);
  });
  after(() => app.close());

  const aClaim = (): Promise<ClaimJson> => newClaim(app.api);

  describe('POST /api/v1/claims/:id/evidence', () => {
    it('when evidence is added with every field, then 201 returns it as stored, the claim moves to the next version and it is listed', async () => {
      const claim = await aClaim();
      const body = {
        url: 'https://pu.go.id/anggaran/2026/jembatan',
        title: 'Budget 2026: bridges',
        publisher: 'Ministry of Public Works',
        excerpt: 'Allocated: 9,000,000 USD for the new bridge.',
        stance: 'refutes',
        accessedAt: '2026-11-21T09:30:00+07:00',
        archiveUrl: 'https://web.archive.org/web/20261121/https://pu.go.id/anggaran/2026/jembatan',
        note: 'Line 14 of the table.',
      };
      const response = await postEvidence(crew.checker.api, claim.id, body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.headers.etag, '"v2"');
      const evidence = response.body;
      assert.match(evidence.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        { ...evidence, id: undefined, createdAt: undefined },
        {
          ...body,
          id: undefined,
          claimId: claim.id,
          accessedAt: '2026-11-21T02:30:00.000Z',
          addedBy: crew.checker.id,
          createdAt: undefined,
          retraction: null,
        },
      );
      assert.ok(Number.isFinite(Date.parse(evidence.createdAt)));
      assert.deepEqual(await listEvidence(app.api, claim.id), [evidence]);
      const read = await readClaim(app.api, claim.id);
      assert.equal(read.body.version, 2);
      assert.equal(read.body.status, 'unverified', 'evidence does not move the claim');
    });

    it('when only url and stance are given, then the rest is null and accessedAt is now', async () => {
      const claim = await aClaim();
      const before = Date.now();
      const evidence = await addEvidence(crew.checker.api, claim.id, { url: 'https://example.test/a', stance: 'context' });
      const after = Date.now();
      assert.deepEqual(
        [evidence.title, evidence.publisher, evidence.excerpt, evidence.archiveUrl, evidence.note, evidence.retraction],
        [null, null, null, null, null, null],
      );
      assert.equal(evidence.url, 'https://example.test/a');
      assert.equal(evidence.stance, 'context');
      const accessedAt = Date.parse(evidence.accessedAt as string);
      assert.ok(accessedAt >= before - 1000 && accessedAt <= after + 1000, `accessedAt ${evidence.accessedAt} is now`);
    });

    it('when a stance, url or other field is bad, then 422 points at it and nothing is stored', async () => {
      const claim = await aClaim();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ stance: 'maybe' }, '#/stance'],
        [{ stance: 'Supports' }, '#/stance'],
        [{ stance: undefined }, '#/stance'],
        [{ url: 'not a url' }, '#/url'],
        [{ url: 'ftp://files.test/budget.pdf' }, '#/url'],
        [{ url: 'javascript:alert(1)' }, '#/url'],
        [{ url: undefined }, '#/url'],
        [{ url: `https://example.test/${'a'.repeat(2048)}` }, '#/url'],
        [{ archiveUrl: 'archive.org/x' }, '#/archiveUrl'],
        [{ accessedAt: 'yesterday' }, '#/accessedAt'],
        [{ accessedAt: '2026-11-21T09:30:00' }, '#/accessedAt'],
        [{ title: '   ' }, '#/title'],
        [{ colour: 'red' }, '#/colour'],
      ];
      for (const [override, pointer] of cases) {
        const response = await postEvidence(crew.checker.api, claim.id, { url: 'https://example.test/ok', stance: 'supports', ...override });
        assertProblem(response, 422, 'validation-failed');
        const pointers = new Set((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer));
        assert.deepEqual([...pointers], [pointer], JSON.stringify(override));
      }
      assert.deepEqual(await listEvidence(app.api, claim.id), []);
      assert.equal((await readClaim(app.api, claim.id)).body.version, 1);
      assert.deepEqual((await history(app.api, claim.id)).map((event) => event.action), ['claim.created']);
    });

    it('when an editor adds evidence to a claim in review, then 409 claim-frozen-in-review and nothing is stored', async () => {
      const claim = await aClaim();
      await driveTo(crew, claim.id, 'in_review');
      const before = await readClaim(app.api, claim.id);
      const listedBefore = await listEvidence(app.api, claim.id);
      const response = await postEvidence(crew.editor.api, claim.id, { url: 'https://evidence.test/after-the-proposal' });
      assertProblem(response, 409, 'claim-frozen-in-review');
      assert.equal(response.body.claimStatus, 'in_review');
      assert.deepEqual(await listEvidence(app.api, claim.id), listedBefore);
      assert.deepEqual(await readClaim(app.api, claim.id), before);
    });

    it('when an admin adds evidence, then 403; an admin may list it', async () => {
      const claim = await aClaim();
      const admin = await app.user('admin');
      assertProblem(await postEvidence(admin.api, claim.id), 403, 'forbidden');
      await addEvidence(crew.checker.api, claim.id);
      assert.equal((await listEvidence(admin.api, claim.id)).length, 1);
    });

    it('when the claim does not exist, then 404 on add and on list', async () => {
      const add = await crew.checker.api
        .post(`/api/v1/claims/${unknownId}/evidence`)
        .set('If-Match', '"v1"')
        .send({ url: 'https://example.test/a', stance: 'supports' });
      assertProblem(add, 404, 'not-found');
      assertProblem(await crew.checker.api.get(`/api/v1/claims/${unknownId}/evidence`), 404, 'not-found');
    });
  });

  describe('GET /api/v1/claims/:id/evidence', () => {
    it('when evidence was added and some retracted, then all are listed in the order added, the retracted ones with who, when and why', async () => {
      const claim = await aClaim();
      const first = await addEvidence(crew.checker.api, claim.id, { url: 'https://example.test/1', stance: 'supports' });
      const second = await addEvidence(crew.editor.api, claim.id, { url: 'https://example.test/2', stance: 'refutes' });
      const third = await addEvidence(crew.checker.api, claim.id, { url: 'https://example.test/3', stance: 'context' });
      const beforeRetraction = Date.now();
      const retracted = await retract(crew.editor.api, claim.id, second.id, 'The page was edited after the claim.');
      assert.equal(retracted.status, 200, JSON.stringify(retracted.body));

      const response = await app.api.get(`/api/v1/claims/${claim.id}/evidence`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.etag, '"v5"');
      const items = response.body.items as Array<Record<string, any>>;
      assert.deepEqual(items.map((item) => item.url), ['https://example.test/1', 'https://example.test/2', 'https://example.test/3']);
      assert.deepEqual(items[0], first);
      assert.deepEqual(items[2], third);
      assert.deepEqual({ ...items[1], retraction: null }, second, 'retraction changes nothing else');
      assert.equal(items[1]!.addedBy, crew.editor.id);
      assert.equal(items[1]!.retraction.retractedBy, crew.editor.id);
      assert.equal(items[1]!.retraction.reason, 'The page was edited after the claim.');
      assert.ok(Date.parse(items[1]!.retraction.retractedAt) >= beforeRetraction - 1000);
      assert.deepEqual(retracted.body, items[1], 'the retraction answers with the evidence as stored');
    });
  });

  describe('GET /api/v1/claims/:id/evidence pages and the per-claim cap', () => {
    type EvidencePage = { items: Array<{ id: string; retraction: unknown }>; nextCursor: string | null };
    const page = async (api: TestApp['api'], claimId: string, query: Record<string, string | number>): Promise<EvidencePage> => {
      const response = await api.get(`/api/v1/claims/${claimId}/evidence`).query(query);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body as EvidencePage;
    };

    it('when evidence is walked with limit 2, then each piece comes once, oldest first, retracted ones included, and the last page has nextCursor null', async () => {
      const claim = await aClaim();
      const added = [];
      for (let index = 0; index < 5; index++) added.push((await addEvidence(crew.checker.api, claim.id)).id);
      assert.equal((await retract(crew.checker.api, claim.id, added[1]!, 'Wrong year.')).status, 200);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const current: EvidencePage = await page(app.api, claim.id, { limit: 2, ...(cursor ? { cursor } : {}) });
        assert.ok(current.items.length <= 2);
        seen.push(...current.items.map((item) => item.id));
        cursor = current.nextCursor;
        pages += 1;
      } while (cursor);
      assert.deepEqual(seen, added);
      assert.equal(pages, 3);
      const whole = await page(app.api, claim.id, {});
      assert.deepEqual(whole.items.map((item) => item.id), added, 'without limit a short list comes whole');
      assert.equal(whole.nextCursor, null);
      assert.ok(whole.items[1]!.retraction);
    });

    it('when limit or cursor is bad, then 422 names the parameter', async () => {
      const claim = await aClaim();
      for (const [query, parameter] of [
        [{ limit: 0 }, 'limit'],
        [{ limit: 101 }, 'limit'],
        [{ cursor: 'bm9wZQ' }, 'cursor'],
        [{ cursor: Buffer.from(JSON.stringify({ seq: '99999999999999999999' })).toString('base64url') }, 'cursor'],
      ] as const) {
        const response = await app.api.get(`/api/v1/claims/${claim.id}/evidence`).query(query);
        assertProblem(response, 422, 'validation-failed');
        assert.deepEqual([...new Set((response.body.errors as Array<{ parameter: string }>).map((error) => error.parameter))], [parameter]);
      }
    });

    it('when a claim holds EVIDENCE_PER_CLAIM_MAX pieces, retracted ones included, then one more is 409 evidence-limit-reached and nothing is written', async () => {
      const capped = await startTestApp({ evidencePerClaimMax: 3 });
      try {
        const checker = await capped.user('checker');
        const claim = await newClaim(checker.api);
        const first = await addEvidence(checker.api, claim.id);
        await addEvidence(checker.api, claim.id);
        assert.equal((await retract(checker.api, claim.id, first.id, 'Duplicate.')).status, 200);
        await addEvidence(checker.api, claim.id);
        const before = await readClaim(checker.api, claim.id);
        const events = (await history(checker.api, claim.id)).length;

        const refused = await postEvidence(checker.api, claim.id);
        assertProblem(refused, 409, 'evidence-limit-reached');
        assert.equal(refused.body.limit, 3);

        const afterwards = await readClaim(checker.api, claim.id);
        assert.equal(afterwards.etag, before.etag, 'the version did not move');
        assert.equal((await history(checker.api, claim.id)).length, events, 'no history event');
        assert.equal((await listEvidence(checker.api, claim.id)).length, 3, 'no row');
        // Other claims are not affected.
        assert.ok((await addEvidence(checker.api, (await newClaim(checker.api)).id)).id);
      } finally {
        await capped.close();
      }
    });
  });

  describe('POST /api/v1/claims/:id/evidence/:evidenceId/retraction', () => {
    it('when evidence is retracted with a reason, then the history records evidence.retracted with that reason and actor', async () => {
      const claim = await aClaim();
      const evidence = await addEvidence(crew.checker.api, claim.id);
      const response = await retract(crew.checker.api, claim.id, evidence.id, 'Satire site, not a source.');
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.headers.etag, '"v3"');
      const events = await history(app.api, claim.id);
      assert.deepEqual(
        events.map((event) => [event.version, event.action]),
        [[1, 'claim.created'], [2, 'evidence.added'], [3, 'evidence.retracted']],
      );
      const retraction = events[2]!;
      assert.equal(retraction.note, 'Satire site, not a source.');
      assert.deepEqual(retraction.changes, { evidenceId: evidence.id });
      assert.deepEqual(retraction.actor, { id: crew.checker.id, name: crew.checker.name, tokenId: crew.checker.tokenId, tokenIssuedVia: 'cli' });
      assert.equal(retraction.fromStatus, null);
      assert.equal(retraction.toStatus, null);
    });

    it('when evidence is retracted twice, then 409 evidence-already-retracted and the first retraction stands', async () => {
      const claim = await aClaim();
      const evidence = await addEvidence(crew.checker.api, claim.id);
      const first = await retract(crew.checker.api, claim.id, evidence.id, 'Dead link.');
      assert.equal(first.status, 200);
      const second = await retract(crew.editor.api, claim.id, evidence.id, 'Another reason.');
      assertProblem(second, 409, 'evidence-already-retracted');
      const [listed] = await listEvidence(app.api, claim.id);
      assert.deepEqual(listed!.retraction, first.body.retraction);
      assert.equal((await readClaim(app.api, claim.id)).body.version, 3);
      assert.equal((await history(app.api, claim.id)).filter((event) => event.action === 'evidence.retracted').length, 1);
    });

    it('when the evidence id is unknown, not a UUID or belongs to another claim, then 404 and nothing changes', async () => {
      const claim = await aClaim();
      const other = await aClaim();
      const mine = await addEvidence(crew.checker.api, claim.id);
      const theirs = await addEvidence(crew.checker.api, other.id);
      for (const evidenceId of [unknownId, 'not-a-uuid', theirs.id]) {
        assertProblem(await retract(crew.checker.api, claim.id, evidenceId, 'Wrong.'), 404, 'not-found');
      }
      assert.deepEqual(await listEvidence(app.api, other.id), [theirs]);
      assert.deepEqual(await listEvidence(app.api, claim.id), [mine]);
      assert.equal((await readClaim(app.api, claim.id)).body.version, 2);
      assert.equal((await readClaim(app.api, other.id)).body.version, 2);
    });

    it('when the reason is missing or blank, then 422 points at it and the evidence is not retracted', async () => {
      const claim = await aClaim();
      const evidence = await addEvidence(crew.checker.api, claim.id);
      for (const body of [{}, { reason: '' }, { reason: '  ' }, { reason: 7 }]) {
        const { etag } = await readClaim(app.api, claim.id);
        const response = await crew.checker.api
          .post(`/api/v1/claims/${claim.id}/evidence/${evidence.id}/retraction`)
          .set('If-Match', etag)
          .send(body);
        assertProblem(response, 422, 'validation-failed');
        const pointers = new Set((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer));
        assert.deepEqual([...pointers], ['#/reason'], JSON.stringify(body));
      }
      assert.deepEqual(await listEvidence(app.api, claim.id), [evidence]);
    });

    it('when an editor retracts the evidence of a claim in review, then 409 claim-frozen-in-review and it stays current', async () => {
      const claim = await aClaim();
      await driveTo(crew, claim.id, 'in_review');
      const [evidence] = await listEvidence(app.api, claim.id);
      const before = await readClaim(app.api, claim.id);
      const eventsBefore = (await history(app.api, claim.id)).length;
      const response = await retract(crew.editor.api, claim.id, evidence!.id, 'Would leave the verdict without evidence.');
      assertProblem(response, 409, 'claim-frozen-in-review');
      assert.match(response.body.detail, /in_review.*send it back/s);
      assert.deepEqual(await listEvidence(app.api, claim.id), [evidence]);
      assert.deepEqual(await readClaim(app.api, claim.id), before);
      assert.equal((await history(app.api, claim.id)).length, eventsBefore);
    });

    it('when the retraction has a stale If-Match, then 412 and the evidence is not retracted', async () => {
      const claim = await aClaim();
      const evidence = await addEvidence(crew.checker.api, claim.id);
      const response = await crew.checker.api
        .post(`/api/v1/claims/${claim.id}/evidence/${evidence.id}/retraction`)
        .set('If-Match', '"v1"')
        .send({ reason: 'Stale.' });
      assertProblem(response, 412, 'precondition-failed');
      assert.equal(response.body.currentEtag, '"v2"');
      assert.deepEqual(await listEvidence(app.api, claim.id), [evidence]);
    });

    it('when evidence behind a published verdict is retracted, then it stays listed, retracted, and the verdict stands', async () => {
      const claim = await aClaim();
      const published = await driveTo(crew, claim.id, 'published');
      const [used] = await listEvidence(app.api, claim.id);
      assert.ok(used, 'the verdict was reached with evidence');
      const response = await retract(crew.editor.api, claim.id, used.id, 'The source has since been discredited.');
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const listed = await listEvidence(app.api, claim.id);
      assert.deepEqual(listed.map((item) => item.id), [used.id], 'still listed');
      assert.equal(listed[0]!.retraction?.reason, 'The source has since been discredited.');
      assert.deepEqual({ ...listed[0], retraction: null }, used);
      const after = (await readClaim(app.api, claim.id)).body;
      assert.deepEqual(
        { status: after.status, rating: after.rating, firstPublishedAt: after.firstPublishedAt },
        { status: 'published', rating: published.rating, firstPublishedAt: published.firstPublishedAt },
      );
      const [row] = (await app.db.dataSource.query('SELECT count(*)::int AS count FROM evidence WHERE id = $1', [used.id])) as Array<{ count: number }>;
      assert.equal(row!.count, 1, 'the row is in the database');
      // Corrected later, the claim needs new evidence: the retracted piece no longer counts.
      await moved(crew.editor.api, claim.id, { to: 'in_progress', note: 'Source discredited.' });
      const retry = await crew.editor.api
        .post(`/api/v1/claims/${claim.id}/transitions`)
        .set('If-Match', (await readClaim(app.api, claim.id)).etag)
        .send({ to: 'in_review', rating: 'unproven', rationale: 'No reliable source left.' });
      assertProblem(retry, 422, 'transition-guard-failed');
      assert.equal(retry.body.guard, 'evidence-required');
    });
  });
});
