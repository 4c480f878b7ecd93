import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { assertProblem, createArticle, createClaim, uniqueToken, type ArticleJson } from '../support/factories';
import { assertMatchesDocumented, assertRequestMatchesDocumented } from '../support/openapi';
import { startTestApp, type TestApp } from '../support/test-app';

type Span = { start: number; end: number };
type CandidateJson = Span & {
  quote: string;
  score: number;
  reasons: Array<Span & { cue: string; text: string }>;
  claimant: (Span & { name: string; basis: string }) | null;
  sources: Array<Span & { name: string; kind: string }>;
  claimId: string | null;
};

const unknownId = '00000000-0000-4000-8000-000000000000';
const codePoints = (text: string) => Array.from(text);
const at = (body: string, { start, end }: Span) => codePoints(body).slice(start, end).join('');

/** An English report whose sentences each carry different cues; its speaker is named once, then "he". */
function reportBody(token: string): string {
  return [
    `Unemployment fell to 4.1 percent in March, the statistics office said on Tuesday (${token}).`,
    '',
    '"We expect the rate to stay below 5 percent this year," said Labour Minister Rina Hartono, citing figures from the central bank.',
    '',
    'He added that wages had grown faster than prices.',
    '',
    'The weather was pleasant.',
  ].join('\n');
}

describe('candidate claims', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  async function candidates(articleId: string, query: Record<string, string | number> = {}, api = app.api): Promise<CandidateJson[]> {
    const response = await api.get(`/api/v1/articles/${articleId}/candidates`).query(query);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assertMatchesDocumented(response, 'GET', '/api/v1/articles/{id}/candidates');
    assert.deepEqual(Object.keys(response.body as object), ['items']);
    return (response.body as { items: CandidateJson[] }).items;
  }

  const report = (overrides: Record<string, unknown> = {}) => createArticle(app.api, { body: reportBody(uniqueToken()), ...overrides });

  describe('long articles', () => {
    /** A report of about `length` characters, its own (no answer kept for it yet). */
    const longBody = (length: number) => {
      const token = uniqueToken();
      const paragraph = `${reportBody(token)}\n\n`;
      return paragraph.repeat(Math.ceil(length / paragraph.length)).slice(0, length);
    };

    it('when a long article is read for candidates, then the server goes on answering others meanwhile (the reading is off its event loop)', async (t) => {
      const article = await createArticle(app.api, { body: longBody(390_000) });
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = performance.now();
      const items = await candidates(article.id);
      const took = performance.now() - started;
      delay.disable();
      assert.ok(items.length > 1000, `${items.length} candidates`);
      // Read on the event loop, the longest stall would be the reading itself (a second or so).
      const longestStallMs = delay.max / 1e6;
      t.diagnostic(`reading ${took.toFixed(0)} ms, longest event-loop stall ${longestStallMs.toFixed(0)} ms, ${items.length} candidates`);
      assert.ok(longestStallMs < took / 2, `the event loop stalled ${longestStallMs.toFixed(0)} ms of the ${took.toFixed(0)} ms the reading took`);
    });

    it('when one person asks for many long articles at once, then beyond their share they get 503 candidates-busy with Retry-After, while another person is still served', async () => {
      const articles = await Promise.all(Array.from({ length: 6 }, () => createArticle(app.api, { body: longBody(120_000) })));
      const other = await app.user('checker');
      const theirs = await createArticle(app.api, { body: longBody(120_000) });
      const [answers, otherAnswer] = await Promise.all([
        Promise.all(articles.map((article) => app.api.get(`/api/v1/articles/${article.id}/candidates`))),
        other.api.get(`/api/v1/articles/${theirs.id}/candidates`),
      ]);
      assert.equal(otherAnswer.status, 200, 'another person keeps their share of the reader');
      const busy = answers.filter((answer) => answer.status === 503);
      assert.ok(busy.length >= 4, `statuses ${answers.map((answer) => answer.status).join(' ')}: at most 2 of one person's queue at once`);
      for (const answer of busy) {
        assertProblem(answer, 503, 'candidates-busy');
        assert.ok(Number(answer.headers['retry-after']) > 0);
      }
      assert.deepEqual(answers.filter((answer) => answer.status !== 503).map((answer) => answer.status), Array(articles.length - busy.length).fill(200));
      const again = await app.api.get(`/api/v1/articles/${articles[answers.indexOf(busy[0]!)]!.id}/candidates`);
      assert.equal(again.status, 200, 'read once the queue has room');
    });

    it('when the same long article is asked for five times at once, then it is read once for all five', async () => {
      const article = await createArticle(app.api, { body: longBody(120_000) });
      const answers = await Promise.all(Array.from({ length: 5 }, () => app.api.get(`/api/v1/articles/${article.id}/candidates`)));
      assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200, 200], 'none refused: they wait for the one reading');
      assert.ok(answers.every((answer) => answer.text === answers[0]!.text));
    });
  });

  describe('GET /api/v1/articles/:id/candidates', () => {
    it('when an article has checkable sentences, then each comes in text order with its score, cues, claimant and offsets into the body', async () => {
      const article = await report();
      const items = await candidates(article.id);
      assert.deepEqual(
        items.map((item) => item.quote.slice(0, 20)),
        ['Unemployment fell to', '"We expect the rate ', 'He added that wages '],
        'the sentence about the weather has no cue worth checking',
      );
      for (const item of items) {
        assert.equal(at(article.body, item), item.quote);
        assert.ok(item.score >= 0.35 && item.score <= 1, `score ${item.score}`);
        for (const reason of item.reasons) assert.equal(at(article.body, reason), reason.text, reason.cue);
        if (item.claimant) assert.equal(at(article.body, item.claimant), item.claimant.name);
        assert.equal(item.claimId, null);
      }
      const [first, second, third] = items;
      assert.deepEqual(first!.claimant, { ...first!.claimant!, name: 'the statistics office', basis: 'reported-speech' });
      assert.ok(first!.reasons.some((reason) => reason.cue === 'quantity' && reason.text === '4.1 percent'));
      assert.ok(first!.reasons.some((reason) => reason.cue === 'date' && reason.text === 'March'));
      assert.deepEqual(second!.claimant, { ...second!.claimant!, name: 'Labour Minister Rina Hartono', basis: 'direct-speech' });
      assert.ok(second!.reasons.some((reason) => reason.cue === 'direct-speech'));
      assert.deepEqual(
        second!.sources.map(({ name, kind }) => ({ name, kind })),
        [{ name: 'Labour Minister Rina Hartono', kind: 'official' }],
        'a chain names who: "citing figures" names nobody',
      );
      assert.equal(third!.claimant?.name, 'Labour Minister Rina Hartono', '"He added" points back to the minister');
      assert.equal(third!.claimant?.basis, 'pronoun');
    });

    it('when minScore is given, then only candidates at or above it come back; 0 lists every sentence', async () => {
      const article = await report();
      const all = await candidates(article.id, { minScore: 0 });
      assert.equal(all.length, 4);
      const high = await candidates(article.id, { minScore: 0.6 });
      assert.deepEqual(high, all.filter((item) => item.score >= 0.6));
      assert.deepEqual(await candidates(article.id, { minScore: 1 }), all.filter((item) => item.score >= 1));
    });

    it('when a claim already overlaps a candidate, then the candidate names it in claimId', async () => {
      const article = await report();
      const claim = await createClaim(app.api, article.id, { quote: 'Unemployment fell to 4.1 percent in March', claimant: 'Statistics office' });
      const [first, second] = await candidates(article.id);
      assert.equal(first!.claimId, claim.id);
      assert.equal(second!.claimId, null);
    });

    it('when the article is Indonesian, then its cue list finds the speaker after "kata" and the chain after "mengutip"', async () => {
      const body = [
        `Harga beras naik 12 persen sejak Januari, menurut data Badan Statistik Daerah (${uniqueToken()}).`,
        '',
        '"Stok kami cukup sampai akhir tahun," kata Kepala Dinas Pangan Siti Aminah, mengutip laporan Harian Rakyat.',
      ].join('\n');
      const article = await createArticle(app.api, { language: 'id', body });
      const [price, stock] = await candidates(article.id);
      assert.equal(price!.claimant?.name, 'data Badan Statistik Daerah');
      assert.equal(price!.claimant?.basis, 'according-to');
      assert.equal(stock!.claimant?.name, 'Kepala Dinas Pangan Siti Aminah');
      assert.deepEqual(
        stock!.sources.map(({ name }) => name),
        ['Kepala Dinas Pangan Siti Aminah', 'laporan Harian Rakyat'],
      );
    });

    it('when the body has emoji, an unclosed quotation and a language without a cue list, then offsets still count code points and numbers still count', async () => {
      const body = `🇮🇩 Die Preise stiegen um 12 Prozent im Jahr 2024 in Berlin und München. "Das ist zu viel, sagte er ${uniqueToken()}`;
      const article = await createArticle(app.api, { language: 'de', body });
      const items = await candidates(article.id, { minScore: 0 });
      assert.ok(items.length >= 1);
      for (const item of items) {
        assert.equal(at(article.body, item), item.quote);
        for (const reason of item.reasons) assert.equal(at(article.body, reason), reason.text);
      }
      assert.ok(items[0]!.reasons.some((reason) => reason.cue === 'quantity' && reason.text === '12'));
    });

    it('when the same article is asked twice, then the answer is the same', async () => {
      const article = await report();
      assert.deepEqual(await candidates(article.id, { minScore: 0 }), await candidates(article.id, { minScore: 0 }));
    });

    it('when a checker, an editor or an admin asks, then they read it; without a token 401', async () => {
      const article = await report();
      for (const role of ['checker', 'editor', 'admin'] as const) {
        const person = await app.user(role);
        assert.equal((await candidates(article.id, {}, person.api)).length, 3, role);
      }
      assertProblem(await app.anonymous.get(`/api/v1/articles/${article.id}/candidates`), 401, 'unauthenticated');
    });

    it('when the article is unknown or the id is no UUID, then 404 problem', async () => {
      assertProblem(await app.api.get(`/api/v1/articles/${unknownId}/candidates`), 404, 'not-found');
      assertProblem(await app.api.get('/api/v1/articles/not-a-uuid/candidates'), 404, 'not-found');
    });

    it('when minScore is out of range, not a number or repeated, or another parameter is sent, then 422 naming it', async () => {
      const article = await report();
      for (const query of ['minScore=1.5', 'minScore=-0.1', 'minScore=abc', 'minScore=NaN', 'minScore=Infinity', 'minScore=0.5&minScore=0.6', 'limit=5']) {
        const response = await app.api.get(`/api/v1/articles/${article.id}/candidates?${query}`);
        assertProblem(response, 422, 'validation-failed');
      }
    });

    it('when another method is used on the path, then 405 problem with Allow', async () => {
      const article = await report();
      const response = await app.api.post(`/api/v1/articles/${article.id}/candidates`).send({});
      assertProblem(response, 405, 'method-not-allowed');
      assert.match(String(response.headers.allow), /GET/);
    });
  });

  describe('POST /api/v1/articles/:id/claims with fromCandidate', () => {
    async function fromCandidate(article: ArticleJson, body: Record<string, unknown>, api = app.api) {
      const response = await api.post(`/api/v1/articles/${article.id}/claims`).send(body);
      assertMatchesDocumented(response, 'POST', '/api/v1/articles/{id}/claims');
      if (response.status === 201) assertRequestMatchesDocumented(body, 'POST', '/api/v1/articles/{id}/claims');
      return response;
    }

    it('when a checker sends a candidate’s offsets, then the claim takes its quote, claimant and source chain, and the candidate then names it', async () => {
      const article = await report();
      const [, speech] = await candidates(article.id);
      const response = await fromCandidate(article, { fromCandidate: { start: speech!.start, end: speech!.end } });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.quote, speech!.quote);
      assert.equal(response.body.start, speech!.start);
      assert.equal(response.body.claimant, 'Labour Minister Rina Hartono');
      assert.deepEqual(
        (response.body.sources as Array<{ name: string; kind: string }>).map(({ name, kind }) => ({ name, kind })),
        speech!.sources.map(({ name, kind }) => ({ name, kind })),
      );
      assert.match(String(response.headers.etag), /^"v1"$/);
      const history = await app.api.get(`/api/v1/claims/${response.body.id as string}/history`);
      assert.equal(history.body.items[0].action, 'claim.created');
      const again = await candidates(article.id);
      assert.equal(again[1]!.claimId, response.body.id);
    });

    it('when the candidate names nobody, then the article is the claimant; fields sent beside it replace what it proposes', async () => {
      const article = await createArticle(app.api, { body: `The bridge cost 5 million dollars and opened in 2019 (${uniqueToken()}).` });
      const [only] = await candidates(article.id);
      assert.equal(only!.claimant, null);
      const plain = await fromCandidate(article, { fromCandidate: { start: only!.start, end: only!.end } });
      assert.equal(plain.status, 201, JSON.stringify(plain.body));
      assert.equal(plain.body.claimant, 'The article (no source given)');
      assert.deepEqual(plain.body.sources, []);

      const other = await report();
      const [first] = await candidates(other.id);
      const chosen = await fromCandidate(other, {
        fromCandidate: { start: first!.start, end: first!.end },
        claimant: 'Statistics Office',
        sources: [{ name: 'Statistics Office', kind: 'government' }],
        summary: 'Unemployment at 4.1 percent in March',
        claimDate: '2026-11-20',
      });
      assert.equal(chosen.status, 201, JSON.stringify(chosen.body));
      assert.equal(chosen.body.claimant, 'Statistics Office');
      assert.deepEqual(chosen.body.sources.map((hop: { name: string }) => hop.name), ['Statistics Office']);
      assert.equal(chosen.body.summary, 'Unemployment at 4.1 percent in March');
    });

    it('when the offsets are no candidate’s (even off by one), then 422 candidate-not-found and no claim is made', async () => {
      const article = await report();
      const [first] = await candidates(article.id);
      for (const span of [{ start: first!.start, end: first!.end + 1 }, { start: 0, end: 3 }, { start: 1_000_000, end: 1_000_001 }]) {
        const response = await fromCandidate(article, { fromCandidate: span });
        assertProblem(response, 422, 'candidate-not-found');
        assert.deepEqual({ start: response.body.start, end: response.body.end }, span);
      }
      const listed = await app.api.get('/api/v1/claims').query({ articleId: article.id });
      assert.deepEqual(listed.body.items, []);
    });

    it('when fromCandidate is malformed or sent with a quote, then 422 validation-failed naming the field', async () => {
      const article = await report();
      const [first] = await candidates(article.id);
      const span = { start: first!.start, end: first!.end };
      const bad: Array<[unknown, string]> = [
        [{ fromCandidate: null }, '#/fromCandidate'],
        [{ fromCandidate: 'x' }, '#/fromCandidate'],
        [{ fromCandidate: {} }, '#/fromCandidate/start'],
        [{ fromCandidate: { start: -1, end: 5 } }, '#/fromCandidate/start'],
        [{ fromCandidate: { start: 0.5, end: 5 } }, '#/fromCandidate/start'],
        [{ fromCandidate: { ...span, extra: 1 } }, '#/fromCandidate/extra'],
        [{ fromCandidate: span, quote: first!.quote }, '#/quote'],
        [{ fromCandidate: span, claimant: '   ' }, '#/claimant'],
        [{ fromCandidate: span, sources: [{ name: 'X', kind: 'rumour' }] }, '#/sources/0/kind'],
      ];
      for (const [body, pointer] of bad) {
        const response = await fromCandidate(article, body as Record<string, unknown>);
        assertProblem(response, 422, 'validation-failed');
        const pointers = (response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer);
        assert.ok(pointers.includes(pointer), `${JSON.stringify(body)} names ${pointer}: ${JSON.stringify(pointers)}`);
      }
    });

    it('when an admin sends it, then 403; when the article is unknown, then 404', async () => {
      const article = await report();
      const [first] = await candidates(article.id);
      const admin = await app.user('admin');
      assertProblem(await fromCandidate(article, { fromCandidate: { start: first!.start, end: first!.end } }, admin.api), 403, 'forbidden');
      assertProblem(
        await app.api.post(`/api/v1/articles/${unknownId}/claims`).send({ fromCandidate: { start: 0, end: 10 } }),
        404,
        'not-found',
      );
    });
  });
});
