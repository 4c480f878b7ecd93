import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createArticle, createClaim, uniqueToken } from '../support/factories';
import { holdTable } from '../support/hold';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

// EXPORT_CONCURRENCY: an export reads every claim its filters select; one a person and a few an instance at once.

type Answer = { status: number; type: string | null; retryAfter: string | null; body: string };

/**
 * Keeps exports from finishing: a lock on `claim_sources`, which an export reads with its first batch (after
 * taking its slot) and the token check does not. PostgreSQL only: on the embedded database the one
 * connection would hold the token check too.
 */
const holdExports = (app: TestApp) => holdTable(app, 'claim_sources');
/** That lock would stall every other test file's new claims on a shared database. */
const heldAlone = { ownDatabase: true };

/** Of requests sent at once, the one answered first (while the hold keeps the others waiting), and the others. */
async function firstAnswered(requests: Array<Promise<Answer>>): Promise<[Answer, Array<Promise<Answer>>, number]> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no export answered within 10 s')), 10_000).unref());
  const first = await Promise.race([...requests.map((request, index) => request.then(() => index)), timeout]);
  return [await requests[first]!, requests.filter((_, index) => index !== first), first];
}

describe('export slots', () => {
  let app: TestApp;
  let editors: TestUser[];
  const mark = `Slots ${uniqueToken()}`;

  before(async () => {
    app = await startTestApp({ exports: { concurrency: 2, idleTimeoutMs: 60_000 } }, heldAlone);
    editors = [await app.user('editor'), await app.user('editor'), await app.user('admin')];
    const article = await createArticle(app.api);
    await createClaim(app.api, article.id, { claimant: `${mark} minister`, sources: [{ name: 'Antara', kind: 'wire_agency' }] });
  });
  after(() => app.close());

  const exportAs = (user: TestUser, signal?: AbortSignal): Promise<Answer> =>
    fetch(`${app.baseUrl}/api/v1/exports/claims.csv?claimant=${encodeURIComponent(mark)}`, { headers: { Authorization: `Bearer ${user.token}` }, signal })
      .then(async (response) => ({ status: response.status, type: response.headers.get('content-type'), retryAfter: response.headers.get('retry-after'), body: await response.text() }));

  const assertRefused = (answer: Answer, status: number, slug: string) => {
    assert.equal(answer.status, status, answer.body);
    assert.match(String(answer.type), /^application\/problem\+json/);
    assert.equal((JSON.parse(answer.body) as { type: string }).type, `/problems/${slug}`);
  };

  it('when a person starts a second export while the first downloads, then the second is refused with 409 at once and the first completes', async (t) => {
    if (app.db.kind !== 'postgres') return t.skip('holding an export past its token check needs a second connection: PostgreSQL');
    const release = await holdExports(app);
    let others: Array<Promise<Answer>>;
    try {
      const [refused, rest] = await firstAnswered([exportAs(editors[0]!), exportAs(editors[0]!)]);
      assertRefused(refused, 409, 'export-running');
      others = rest;
    } finally {
      await release();
    }
    const [completed] = await Promise.all(others);
    assert.equal(completed!.status, 200);
    assert.ok(completed!.body.includes(`${mark} minister`));
    assert.equal((await exportAs(editors[0]!)).status, 200, 'the slot is free once the download ended');
  });

  it('when as many exports download as an instance streams, then one more is refused with 503 and Retry-After; once they end, it runs', async (t) => {
    if (app.db.kind !== 'postgres') return t.skip('holding an export past its token check needs a second connection: PostgreSQL');
    const release = await holdExports(app);
    let others: Array<Promise<Answer>>;
    try {
      const [refused, rest] = await firstAnswered(editors.map((editor) => exportAs(editor)));
      assertRefused(refused, 503, 'exports-busy');
      assert.equal(refused.retryAfter, '30', 'an export takes minutes: come back later than after a busy search');
      others = rest;
    } finally {
      await release();
    }
    assert.deepEqual((await Promise.all(others)).map((answer) => answer.status), [200, 200]);
    for (const editor of editors) assert.equal((await exportAs(editor)).status, 200, 'every slot is free again');
  });

  it('when a client walks away from its export, then its slot is free again', async (t) => {
    if (app.db.kind !== 'postgres') return t.skip('holding an export past its token check needs a second connection: PostgreSQL');
    const release = await holdExports(app);
    const walkAway = [new AbortController(), new AbortController()];
    try {
      const [refused, [abandoned], first] = await firstAnswered(walkAway.map((controller) => exportAs(editors[1]!, controller.signal)));
      assertRefused(refused, 409, 'export-running');
      walkAway[1 - first]!.abort();
      await assert.rejects(abandoned!, { name: 'AbortError' });
    } finally {
      await release();
    }
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = (await exportAs(editors[1]!)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 200, 'the abandoned export gave its slot back');
  });

  describe('EXPORT_IDLE_TIMEOUT_MS', () => {
    let quick: TestApp;
    before(async () => {
      quick = await startTestApp({ exports: { concurrency: 2, idleTimeoutMs: 300 } }, heldAlone);
      await createClaim(quick.api, (await createArticle(quick.api)).id, { claimant: `${mark} minister`, sources: [{ name: 'Antara', kind: 'wire_agency' }] });
    });
    after(() => quick.close());

    it('when a download sends nothing for longer than the idle timeout, then it is cut off and its person can export again', async (t) => {
      if (quick.db.kind !== 'postgres') return t.skip('holding an export past its token check needs a second connection: PostgreSQL');
      const editor = await quick.user('editor');
      // The client gives up after 10 s (TimeoutError); the server's cut comes as a failed fetch (TypeError).
      const exportOnce = () => fetch(`${quick.baseUrl}/api/v1/exports/claims.jsonl?claimant=${encodeURIComponent(mark)}`, {
        headers: { Authorization: `Bearer ${editor.token}` }, signal: AbortSignal.timeout(10_000),
      });
      const release = await holdExports(quick);
      try {
        await assert.rejects(exportOnce(), (error: Error) => error.name === 'TypeError', 'the server cuts the stalled download off');
      } finally {
        await release();
      }
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
        const response = await exportOnce();
        status = response.status;
        await response.arrayBuffer();
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(status, 200, 'the cut-off export gave its slot back');
    });
  });
});
