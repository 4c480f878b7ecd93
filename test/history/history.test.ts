import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { assertProblem, createArticle, createClaim, patchClaim, type ClaimJson } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { addEvidence, driveTo, history, moved, readClaim, type Crew, hireCrew, newClaim } from '../support/workflow';

describe('history', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp();
    crew = await hireCrew(app);
  });
  after(() => app.close());

  const aClaim = (overrides: Record<string, unknown> = {}): Promise<ClaimJson> => newClaim(crew.checker.api, overrides);

  describe('GET /api/v1/claims/:id/history', () => {
    it('when a claim is created, then its history is one claim.created event by the creator, at version 1, with what was anchored', async () => {
      const claim = await aClaim({ sources: [{ name: 'Ministry of Public Works', kind: 'government', url: 'https://pu.go.id/rilis/42' }] });
      const events = await history(app.api, claim.id);
      assert.equal(events.length, 1);
      const [created] = events;
      assert.equal(created!.action, 'claim.created');
      assert.deepEqual(created!.actor, { id: crew.checker.id, name: crew.checker.name, tokenId: crew.checker.tokenId, tokenIssuedVia: 'cli' });
      assert.equal(created!.version, 1);
      assert.equal(created!.fromStatus, null);
      assert.equal(created!.toStatus, 'unverified');
      assert.deepEqual([created!.rating, created!.rationale, created!.note], [null, null, null]);
      assert.deepEqual(created!.changes, {
        quote: claim.quote,
        start: claim.start,
        end: claim.end,
        claimant: 'The ministry',
        sources: [{ position: 0, name: 'Ministry of Public Works', kind: 'government', url: 'https://pu.go.id/rilis/42', note: null }],
      });
      assert.ok(Math.abs(Date.parse(created!.createdAt) - Date.parse(claim.createdAt as string)) < 5_000);
    });

    it('when a claim is patched, then claim.updated records each changed field as from and to, sources included, by the patcher', async () => {
      const claim = await aClaim({ summary: 'Old summary', claimDate: '2026-11-18' });
      const response = await patchClaim(crew.editor.api, claim.id, {
        summary: 'New summary',
        claimant: 'The ministry', // unchanged: not recorded
        claimDate: null,
        sources: [
          { name: 'Ministry of Public Works', kind: 'government' },
          { name: 'Antara', kind: 'wire_agency', url: 'https://antaranews.com/berita/1', note: 'Picked up the release' },
        ],
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const events = await history(app.api, claim.id);
      assert.deepEqual(events.map((event) => [event.version, event.action]), [[1, 'claim.created'], [2, 'claim.updated']]);
      const updated = events[1]!;
      assert.deepEqual(updated.actor, { id: crew.editor.id, name: crew.editor.name, tokenId: crew.editor.tokenId, tokenIssuedVia: 'cli' });
      assert.deepEqual([updated.fromStatus, updated.toStatus], [null, null]);
      assert.deepEqual(updated.changes, {
        summary: { from: 'Old summary', to: 'New summary' },
        claimDate: { from: '2026-11-18', to: null },
        sources: {
          from: [{ position: 0, name: 'Ministry of Public Works', kind: 'government', url: null, note: null }],
          to: [
            { position: 0, name: 'Ministry of Public Works', kind: 'government', url: null, note: null },
            { position: 1, name: 'Antara', kind: 'wire_agency', url: 'https://antaranews.com/berita/1', note: 'Picked up the release' },
          ],
        },
      });

      // A second patch is recorded against what the first one left.
      await patchClaim(crew.checker.api, claim.id, { claimant: 'Minister Basuki', sources: [] });
      const second = (await history(app.api, claim.id))[2]!;
      assert.equal(second.version, 3);
      assert.deepEqual(second.actor, { id: crew.checker.id, name: crew.checker.name, tokenId: crew.checker.tokenId, tokenIssuedVia: 'cli' });
      assert.deepEqual(second.changes, {
        claimant: { from: 'The ministry', to: 'Minister Basuki' },
        sources: { from: (updated.changes!.sources as { to: unknown }).to, to: [] },
      });
    });

    it('when a patch changes nothing, then no event is written and the version and ETag stay', async () => {
      const claim = await aClaim({ summary: 'Same', claimDate: '2026-11-18' });
      const sameAgain = [
        {},
        { summary: 'Same' },
        { claimant: 'The ministry', claimDate: '2026-11-18' },
        { sources: [{ name: 'Ministry of Public Works', kind: 'government' }] },
        { sources: [{ name: 'Ministry of Public Works', kind: 'government', url: null, note: null }] },
      ];
      for (const body of sameAgain) {
        const response = await patchClaim(crew.checker.api, claim.id, body);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.equal(response.headers.etag, '"v1"', JSON.stringify(body));
        assert.equal(response.body.version, 1, JSON.stringify(body));
      }
      assert.deepEqual((await history(app.api, claim.id)).map((event) => event.action), ['claim.created']);
      assert.equal((await readClaim(app.api, claim.id)).body.updatedAt, claim.updatedAt);
    });

    it('when 30 claims are created and each changed three times, all in parallel across claims, then every write is kept with its own event', async () => {
      const api = crew.checker.api;
      const articles = await Promise.all(Array.from({ length: 30 }, () => createArticle(api)));
      const claims = await Promise.all(articles.map((article) => createClaim(api, article.id)));
      const writes: Array<{ action: string; send: (claim: ClaimJson, etag: string) => supertest.Test }> = [
        { action: 'status.changed', send: (claim, etag) => api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', etag).send({ to: 'in_progress' }) },
        {
          action: 'evidence.added',
          send: (claim, etag) => api.post(`/api/v1/claims/${claim.id}/evidence`).set('If-Match', etag).send({ url: `https://evidence.test/${claim.id}`, stance: 'refutes' }),
        },
        { action: 'claim.updated', send: (claim, etag) => api.patch(`/api/v1/claims/${claim.id}`).set('If-Match', etag).send({ summary: `Summary of ${claim.id}` }) },
      ];
      for (const [index, write] of writes.entries()) {
        const responses = await Promise.all(claims.map((claim) => write.send(claim, `"v${index + 1}"`)));
        assert.deepEqual(
          responses.filter((response) => response.status >= 300).map((response) => response.body),
          [],
          `${write.action}: every write to its own claim succeeds`,
        );
        assert.deepEqual(responses.map((response) => response.headers.etag), claims.map(() => `"v${index + 2}"`));
      }
      const expected = ['claim.created', ...writes.map((write) => write.action)];
      for (const claim of claims) {
        const events = await history(app.api, claim.id);
        assert.deepEqual(events.map((event) => [event.version, event.action]), expected.map((action, index) => [index + 1, action]), claim.id);
        const { body } = await readClaim(app.api, claim.id);
        assert.deepEqual([body.version, body.status, body.summary], [4, 'in_progress', `Summary of ${claim.id}`]);
        assert.equal((events[2]!.changes as { url: string }).url, `https://evidence.test/${claim.id}`);
      }
    });

    it('when the claim does not exist, then 404; an admin may read a history', async () => {
      assertProblem(await app.api.get('/api/v1/claims/00000000-0000-4000-8000-000000000000/history'), 404, 'not-found');
      const claim = await aClaim();
      const admin = await app.user('admin');
      assert.deepEqual(await history(admin.api, claim.id), await history(app.api, claim.id));
    });
  });

  describe('GET /api/v1/claims/:id/history pages', () => {
    it('when a claim has 25 events, then without limit they come whole, and walked with limit 10 each comes once, oldest first, in 3 pages', async () => {
      const claim = await aClaim();
      for (let index = 0; index < 24; index++) {
        const response = await patchClaim(crew.checker.api, claim.id, { summary: `Summary ${index}` });
        assert.equal(response.status, 200, JSON.stringify(response.body));
      }
      const whole = await app.api.get(`/api/v1/claims/${claim.id}/history`);
      assert.equal(whole.status, 200);
      assert.deepEqual(whole.body.items.map((event: { version: number }) => event.version), Array.from({ length: 25 }, (_, index) => index + 1));
      assert.equal(whole.body.nextCursor, null);

      const versions: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response: supertest.Response = await app.api
          .get(`/api/v1/claims/${claim.id}/history`)
          .query({ limit: 10, ...(cursor ? { cursor } : {}) });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        versions.push(...response.body.items.map((event: { version: number }) => event.version));
        cursor = response.body.nextCursor;
        pages += 1;
      } while (cursor);
      assert.deepEqual(versions, Array.from({ length: 25 }, (_, index) => index + 1));
      assert.equal(pages, 3);
    });

    it('when limit or cursor is bad, then 422 names the parameter', async () => {
      const claim = await aClaim();
      for (const [query, parameter] of [
        [{ limit: 101 }, 'limit'],
        [{ limit: 'all' }, 'limit'],
        [{ cursor: Buffer.from(JSON.stringify({ t: new Date().toISOString(), id: claim.id })).toString('base64url') }, 'cursor'],
      ] as const) {
        const response = await app.api.get(`/api/v1/claims/${claim.id}/history`).query(query);
        assertProblem(response, 422, 'validation-failed');
        assert.deepEqual([...new Set((response.body.errors as Array<{ parameter: string }>).map((error) => error.parameter))], [parameter]);
      }
    });
  });

  describe('append-only in the database', () => {
    /**
     * Runs one statement inside a transaction that is always rolled back, so that even if the database
     * let it through, nothing (on a shared PostgreSQL: nobody else's history) would be lost.
     */
    async function attempt(sql: string, parameters: unknown[] = []): Promise<unknown> {
      const runner = app.db.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        if (app.db.kind === 'postgres') await runner.query(`SET LOCAL lock_timeout = '10s'`);
        await runner.query(sql, parameters);
        return undefined;
      } catch (error) {
        return error;
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }

    async function assertRefused(table: string, operation: string, sql: string, parameters: unknown[] = []) {
      const error = (await attempt(sql, parameters)) as { message?: string; driverError?: { code?: string } } | undefined;
      assert.ok(error, `${sql} went through`);
      assert.match(String(error.message), new RegExp(`${table} is append-only: ${operation} refused`), sql);
      assert.equal(error.driverError?.code, '42501', `${sql}: insufficient_privilege`);
    }

    it('when claim_events rows are updated, deleted or the table truncated by SQL, then the database refuses and the history is intact', async () => {
      const claim = await aClaim();
      await patchClaim(crew.checker.api, claim.id, { summary: 'Edited' });
      const before = await history(app.api, claim.id);
      assert.equal(before.length, 2);
      await assertRefused('claim_events', 'UPDATE', `UPDATE claim_events SET note = 'x' WHERE claim_id = $1`, [claim.id]);
      await assertRefused('claim_events', 'UPDATE', `UPDATE claim_events SET actor_id = NULL WHERE id = $1`, [before[0]!.id]);
      await assertRefused('claim_events', 'DELETE', 'DELETE FROM claim_events WHERE claim_id = $1', [claim.id]);
      await assertRefused('claim_events', 'TRUNCATE', 'TRUNCATE claim_events');
      assert.deepEqual(await history(app.api, claim.id), before);
    });

    it('when verdicts rows are updated, deleted or the table truncated by SQL, then the database refuses and the verdict is intact', async () => {
      const claim = await aClaim();
      await driveTo(crew, claim.id, 'published');
      const select = () => app.db.dataSource.query('SELECT * FROM verdicts WHERE claim_id = $1', [claim.id]) as Promise<unknown[]>;
      const before = await select();
      assert.equal(before.length, 1);
      await assertRefused('verdicts', 'UPDATE', `UPDATE verdicts SET correction_note = 'x' WHERE claim_id = $1`, [claim.id]);
      await assertRefused('verdicts', 'UPDATE', `UPDATE verdicts SET rating = 'true' WHERE claim_id = $1`, [claim.id]);
      await assertRefused('verdicts', 'DELETE', 'DELETE FROM verdicts WHERE claim_id = $1', [claim.id]);
      await assertRefused('verdicts', 'TRUNCATE', 'TRUNCATE verdicts');
      assert.deepEqual(await select(), before);
    });

    it('when a change to the history was refused, then new events are still appended', async () => {
      const claim = await aClaim();
      await assertRefused('claim_events', 'DELETE', 'DELETE FROM claim_events WHERE claim_id = $1', [claim.id]);
      await moved(crew.checker.api, claim.id, { to: 'in_progress' });
      await addEvidence(crew.checker.api, claim.id);
      assert.deepEqual((await history(app.api, claim.id)).map((event) => event.version), [1, 2, 3]);
    });
  });
});
