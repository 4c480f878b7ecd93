import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertProblem,
  createArticle,
  createClaim,
  setClaimStatus,
  uniqueToken,
  type ClaimJson,
  patchClaim,
} from '../support/factories';
import { captureLog, errorLevel } from '../support/log-capture';
import { startTestApp, type TestApp } from '../support/test-app';
import { driveTo, hireCrew, history, moved, newClaim } from '../support/workflow';

type Source = { position: number; name: string; kind: string; url: string | null; note: string | null };
type ListPage = { items: Array<ClaimJson & { sources: Source[] }>; nextCursor: string | null };

const unknownId = '00000000-0000-4000-8000-000000000000';

const chain = [
  { name: 'Dinas Pekerjaan Umum', kind: 'government', url: 'https://pu.go.id/rilis/42', note: 'Press release' },
  { name: 'Antara', kind: 'wire_agency', url: 'https://antaranews.com/berita/1' },
  { name: 'Test Daily', kind: 'news_outlet' },
];
const presentedChain: Source[] = [
  { position: 0, name: 'Dinas Pekerjaan Umum', kind: 'government', url: 'https://pu.go.id/rilis/42', note: 'Press release' },
  { position: 1, name: 'Antara', kind: 'wire_agency', url: 'https://antaranews.com/berita/1', note: null },
  { position: 2, name: 'Test Daily', kind: 'news_outlet', url: null, note: null },
];

describe('claims', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const postClaim = (articleId: string, body: Record<string, unknown>) =>
    app.api.post(`/api/v1/articles/${articleId}/claims`).send({
      quote: 'the new bridge cost 5 million dollars',
      claimant: 'The ministry',
      ...body,
    });

  async function list(query: Record<string, string | number>): Promise<ListPage> {
    const response = await app.api.get('/api/v1/claims').query(query);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body as ListPage;
  }
  const ids = (page: ListPage): string[] => page.items.map((item) => item.id);

  describe('POST /api/v1/articles/:id/claims', () => {
    it('when a claim is posted, then 201 with a Location that reads it back', async () => {
      const article = await createArticle(app.api);
      const response = await postClaim(article.id, {
        summary: 'Ministry puts the bridge at 5 million dollars',
        claimDate: '2026-11-19',
        sources: [{ name: 'Ministry of Public Works', kind: 'government' }],
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.headers.location, `/api/v1/claims/${response.body.id}`);
      assert.equal(response.body.articleId, article.id);
      assert.equal(response.body.quote, 'the new bridge cost 5 million dollars');
      assert.equal(response.body.status, 'unverified');
      assert.equal(response.body.rating, null);
      assert.equal(response.body.version, 1);
      const read = await app.api.get(response.headers.location as string);
      assert.equal(read.status, 200);
      const { similar, ...created } = response.body as Record<string, unknown>;
      assert.ok(Array.isArray(similar), 'the answer lists similar claims the desk may already have checked');
      assert.deepEqual(read.body, created);
      assert.equal(read.body.summary, 'Ministry puts the bridge at 5 million dollars');
      assert.equal(read.body.claimDate, '2026-11-19');
    });

    it('when no language is given, then the claim takes the article’s; when one is, then it is kept canonical', async () => {
      const indonesian = await createArticle(app.api, { language: 'id' });
      const inherited = await createClaim(app.api, indonesian.id);
      assert.equal(inherited.language, 'id');
      const english = await createArticle(app.api, { language: 'en-gb' });
      assert.equal((await createClaim(app.api, english.id)).language, 'en-GB');
      assert.equal((await createClaim(app.api, english.id, { language: 'ms' })).language, 'ms');
    });

    it('when a source chain is posted, then it comes back in order with positions 0..n, also on GET', async () => {
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id, { sources: chain });
      assert.deepEqual(claim.sources, presentedChain);
      const read = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.deepEqual(read.body.sources, presentedChain);
    });

    it('when sources are empty or left out, then the claim has an empty chain', async () => {
      const article = await createArticle(app.api);
      const empty = await createClaim(app.api, article.id, { sources: [] });
      assert.deepEqual(empty.sources, []);
      const omitted = await createClaim(app.api, article.id, { sources: undefined });
      assert.deepEqual(omitted.sources, []);
      assert.deepEqual((await app.api.get(`/api/v1/claims/${empty.id}`)).body.sources, []);
    });

    it('when a field is unknown or malformed, then 422 points at it and nothing is stored', async () => {
      const article = await createArticle(app.api);
      const tooMany = Array.from({ length: 21 }, (_, index) => ({ name: `Hop ${index}`, kind: 'person' }));
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ colour: 'red' }, '#/colour'],
        [{ sources: [{ name: 'Someone', kind: 'rumour' }] }, '#/sources/0/kind'],
        [{ sources: [{ name: 'Ministry', kind: 'government' }, { name: 'Someone', kind: 'gossip' }] }, '#/sources/1/kind'],
        [{ sources: [{ name: 'Ministry', kind: 'government', colour: 'red' }] }, '#/sources/0/colour'],
        [{ sources: [{ name: 'Ministry', kind: 'government', url: 'ftp://example.test/x' }] }, '#/sources/0/url'],
        [{ sources: tooMany }, '#/sources'],
        [{ summary: 'First line\nsecond line' }, '#/summary'],
        [{ claimDate: '2023-02-30' }, '#/claimDate'],
        [{ claimDate: '0000-01-01' }, '#/claimDate'],
        [{ claimant: '   ' }, '#/claimant'],
        [{ quote: '' }, '#/quote'],
        [{ language: 'not a tag!' }, '#/language'],
        [{ start: -1, end: 5 }, '#/start'],
      ];
      for (const [body, pointer] of cases) {
        const response = await postClaim(article.id, body);
        assertProblem(response, 422, 'validation-failed');
        const pointers = new Set((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer));
        assert.deepEqual([...pointers], [pointer], JSON.stringify(body));
      }
      // The boundary itself is allowed: exactly 20 hops.
      const twenty = await createClaim(app.api, article.id, { sources: tooMany.slice(0, 20) });
      assert.deepEqual((twenty.sources as Source[]).map((source) => source.position), [...Array(20).keys()]);
      const read = await app.api.get(`/api/v1/articles/${article.id}`);
      assert.equal(read.body.claimCounts.total, 1);
    });

    it('when the summary is over 280 code points, variation selectors included, then 422 points at it; 280 are kept', async () => {
      const article = await createArticle(app.api);
      const heart = '\u2764\uFE0F'; // two code points, one UTF-16 unit each
      const thumbs = '\u{1F44D}'; // one code point, two UTF-16 units
      const longest = heart.repeat(140);
      const astral = thumbs.repeat(280);
      assert.equal(Array.from(longest).length, 280);
      for (const summary of [longest, astral]) {
        const claim = await createClaim(app.api, article.id, { summary });
        assert.equal((await app.api.get(`/api/v1/claims/${claim.id}`)).body.summary, summary);
      }
      for (const summary of [`${longest}${heart}`, `${astral}${thumbs}`, `${longest}x`]) {
        const response = await postClaim(article.id, { summary });
        assertProblem(response, 422, 'validation-failed');
        const pointers = (response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer);
        assert.deepEqual(pointers, ['#/summary'], `${Array.from(summary).length} code points`);
      }
    });

    it('when the claimant is missing, then 422 points at it', async () => {
      const article = await createArticle(app.api);
      const response = await postClaim(article.id, { claimant: undefined });
      assertProblem(response, 422, 'validation-failed');
      const pointers = new Set((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer));
      assert.deepEqual([...pointers], ['#/claimant']);
    });

    it('when the article id is not a UUID or does not exist, then 404', async () => {
      assertProblem(await postClaim('not-a-uuid', {}), 404, 'not-found');
      assertProblem(await postClaim(unknownId, {}), 404, 'not-found');
    });
  });

  describe('GET /api/v1/claims/:id', () => {
    it('when a claim is read, then it has its sources and version 1', async () => {
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id);
      const read = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.id, claim.id);
      assert.equal(read.body.articleId, article.id);
      assert.equal(read.body.version, 1);
      assert.equal(read.body.claimant, 'The ministry');
      assert.deepEqual(read.body.sources, [
        { position: 0, name: 'Ministry of Public Works', kind: 'government', url: null, note: null },
      ]);
    });

    it('when the id is not a UUID or does not exist, then 404', async () => {
      assertProblem(await app.api.get('/api/v1/claims/not-a-uuid'), 404, 'not-found');
      assertProblem(await app.api.get(`/api/v1/claims/${unknownId}`), 404, 'not-found');
    });
  });

  describe('GET /api/v1/claims', () => {
    it('when filtered by articleId, then only that article’s claims are listed', async () => {
      const mine = await createArticle(app.api);
      const other = await createArticle(app.api);
      const first = await createClaim(app.api, mine.id);
      const second = await createClaim(app.api, mine.id, { quote: 'Critics said the figure was too low.' });
      await createClaim(app.api, other.id);
      const page = await list({ articleId: mine.id });
      assert.deepEqual(ids(page), [second.id, first.id]);
      assert.equal(page.nextCursor, null);
      assert.deepEqual(page.items[1]?.sources.map((source) => source.name), ['Ministry of Public Works']);
    });

    it('when filtered by status, then only claims in that status are listed', async () => {
      const article = await createArticle(app.api);
      const waiting = await createClaim(app.api, article.id);
      const reviewed = await createClaim(app.api, article.id);
      await setClaimStatus(app.db.dataSource, reviewed.id, 'in_review');
      assert.deepEqual(ids(await list({ articleId: article.id, status: 'unverified' })), [waiting.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, status: 'in_review' })), [reviewed.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, status: 'published' })), []);
    });

    it('when filtered by claimant, then any part of the name matches regardless of case', async () => {
      const article = await createArticle(app.api);
      const finance = await createClaim(app.api, article.id, { claimant: 'Ministry of Finance' });
      await createClaim(app.api, article.id, { claimant: 'Bank Indonesia' });
      assert.deepEqual(ids(await list({ articleId: article.id, claimant: 'of FIN' })), [finance.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, claimant: 'nobody' })), []);
    });

    it('when the claimant filter holds % or _, then they match literally, not as wildcards', async () => {
      const article = await createArticle(app.api);
      const percent = await createClaim(app.api, article.id, { claimant: '100% Halal Council' });
      await createClaim(app.api, article.id, { claimant: '100 Halal Council' });
      const underscore = await createClaim(app.api, article.id, { claimant: 'dinas_pu' });
      await createClaim(app.api, article.id, { claimant: 'dinasXpu' });
      const backslash = await createClaim(app.api, article.id, { claimant: 'C:\\claims' });
      assert.deepEqual(ids(await list({ articleId: article.id, claimant: '100%' })), [percent.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, claimant: '0% h' })), [percent.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, claimant: 's_p' })), [underscore.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, claimant: '%' })), [percent.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, claimant: '_' })), [underscore.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, claimant: ':\\c' })), [backslash.id]);
    });

    it('when q names a word of an English quote in another form, then stemming finds it (bridges by bridge)', async () => {
      const token = uniqueToken();
      const article = await createArticle(app.api, {
        body: `Two bridges collapsed in the flood (${token}). The mayor promised new roads by March.`,
      });
      const bridges = await createClaim(app.api, article.id, { quote: 'Two bridges collapsed in the flood' });
      await createClaim(app.api, article.id, { quote: 'The mayor promised new roads by March.' });
      assert.deepEqual(ids(await list({ articleId: article.id, q: 'bridge' })), [bridges.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, q: 'collapsing' })), [bridges.id]);
    });

    it('when q names a word of an Indonesian quote, then it is found, also through Indonesian stemming', async () => {
      const token = uniqueToken();
      const article = await createArticle(app.api, {
        language: 'id',
        body:
          `Pemerintah mengatakan pembangunan jembatan baru itu menelan biaya lima juta dolar (${token}). ` +
          'Warga menolak rencana tersebut.',
      });
      const bridge = await createClaim(app.api, article.id, {
        quote: 'pembangunan jembatan baru itu menelan biaya lima juta dolar',
        claimant: 'Pemerintah',
        sources: [],
      });
      const residents = await createClaim(app.api, article.id, { quote: 'Warga menolak rencana tersebut.', claimant: 'Warga' });
      assert.equal(bridge.language, 'id');
      assert.deepEqual(ids(await list({ articleId: article.id, q: 'jembatan' })), [bridge.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, q: 'membangun' })), [bridge.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, q: 'rencananya' })), [residents.id]);
    });

    it('when q matches nothing, then the page is empty', async () => {
      const article = await createArticle(app.api);
      await createClaim(app.api, article.id);
      const token = uniqueToken();
      assert.deepEqual(await list({ articleId: article.id, q: `zebra${token}` }), { items: [], nextCursor: null });
      assert.deepEqual(await list({ q: `zebra${token}` }), { items: [], nextCursor: null });
    });

    it('when q matches the summary or the claimant, then the claim is found; after a summary patch, then the new words', async () => {
      const token = uniqueToken();
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id, { summary: `Cost put at five million ${token}a`, claimant: `Minister ${token}b` });
      assert.deepEqual(ids(await list({ articleId: article.id, q: `${token}a` })), [claim.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, q: `${token}b` })), [claim.id]);
      const patched = await patchClaim(app.api, claim.id, { summary: `Revised ${token}c` });
      assert.equal(patched.status, 200);
      assert.deepEqual(ids(await list({ articleId: article.id, q: `${token}c` })), [claim.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, q: `${token}a` })), []);
    });

    it('when the claimant is patched, then search finds the new name; a workflow move keeps the claim findable', async () => {
      const token = uniqueToken();
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id, { claimant: `Minister ${token}a` });
      assert.equal((await patchClaim(app.api, claim.id, { claimant: `Governor ${token}b` })).status, 200);
      assert.deepEqual(ids(await list({ articleId: article.id, q: `${token}b` })), [claim.id]);
      assert.deepEqual(ids(await list({ articleId: article.id, q: `${token}a` })), []);
      await moved(app.api, claim.id, { to: 'in_progress' });
      assert.deepEqual(ids(await list({ articleId: article.id, q: `${token}b` })), [claim.id]);
    });

    it('when filters are combined, then a claim must match all of them', async () => {
      const token = uniqueToken();
      const body = `Two bridges collapsed in the flood (${token}). The mayor promised new roads by March.`;
      const article = await createArticle(app.api, { body });
      const other = await createArticle(app.api, { body });
      const bridgesQuote = 'Two bridges collapsed in the flood';
      const wanted = await createClaim(app.api, article.id, { quote: bridgesQuote, claimant: 'Mayor Budi' });
      await createClaim(app.api, article.id, { quote: bridgesQuote, claimant: 'Governor Ani' });
      await createClaim(app.api, article.id, { quote: 'The mayor promised new roads by March.', claimant: 'Mayor Budi' });
      const reviewed = await createClaim(app.api, article.id, { quote: bridgesQuote, claimant: 'Mayor Budi' });
      await setClaimStatus(app.db.dataSource, reviewed.id, 'in_review');
      await createClaim(app.api, other.id, { quote: bridgesQuote, claimant: 'Mayor Budi' });
      const page = await list({ articleId: article.id, status: 'unverified', claimant: 'mayor', q: 'bridge' });
      assert.deepEqual(ids(page), [wanted.id]);
    });

    it('when an article’s claims are walked with limit 2, then each appears exactly once, newest first', async () => {
      const article = await createArticle(app.api);
      const created: string[] = [];
      for (let index = 0; index < 5; index++) created.push((await createClaim(app.api, article.id)).id);
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page: ListPage = await list({ articleId: article.id, limit: 2, ...(cursor ? { cursor } : {}) });
        sizes.push(page.items.length);
        seen.push(...ids(page));
        cursor = page.nextCursor;
      } while (cursor && sizes.length < 10);
      assert.deepEqual(sizes, [2, 2, 1]);
      assert.deepEqual(seen, created.reverse());
    });

    it('when a query parameter is bad, then 422 names the parameter', async () => {
      const cases: Array<Record<string, string | number>> = [
        { cursor: 'bm9wZQ' },
        { cursor: Buffer.from(JSON.stringify({ seq: 5 })).toString('base64url') },
        { status: 'bogus' },
        { articleId: 'nope' },
        { limit: 0 },
        { limit: 101 },
        { limit: 'ten' },
        { claimant: '' },
        { q: '' },
      ];
      for (const query of cases) {
        const response = await app.api.get('/api/v1/claims').query(query);
        assertProblem(response, 422, 'validation-failed');
        const parameters = new Set((response.body.errors as Array<{ parameter: string }>).map((error) => error.parameter));
        assert.deepEqual([...parameters], [Object.keys(query)[0]], JSON.stringify(query));
      }
    });
  });

  describe('GET /api/v1/claims?q= with odd input', () => {
    it('when q holds 33 minus signs in a row or more than 32 words, then 422 names q, and nothing is logged at error level', async () => {
      const log = captureLog();
      const logged = await startTestApp({ logLevel: 'info' }, { logTo: log.stream });
      try {
        const refused = [
          '-'.repeat(33),
          `bridge ${'-'.repeat(40)}cost`,
          Array.from({ length: 33 }, () => '- ').join('') + 'bridge',
          '-!-(-&-|-<-)-'.repeat(3) + '-'.repeat(20),
          Array.from({ length: 33 }, (_, index) => `word${index}`).join(' '),
        ];
        for (const q of refused) {
          const response = await logged.api.get('/api/v1/claims').query({ q });
          assertProblem(response, 422, 'validation-failed');
          assert.deepEqual(
            (response.body.errors as Array<{ parameter: string }>).map((error) => error.parameter),
            ['q'],
            `${q}: ${response.text}`,
          );
        }
        const errors = log.lines().filter((line) => line.level >= errorLevel);
        assert.deepEqual(errors, [], 'no error-level log line');
        assert.ok(!/select|websearch_to_tsquery/i.test(log.text()), 'no SQL in the log');
      } finally {
        await logged.close();
      }
    });

    it('when q is odd but within bounds (16 minus signs, 32 words, long words, emoji, combining marks), then 200', async () => {
      const article = await createArticle(app.api, { body: 'The jembatan baru cost 5 million dollars, said Đặng 🇮🇩.' });
      const claim = await createClaim(app.api, article.id, { quote: 'jembatan baru cost 5 million dollars' });
      const found = [
        `${'-'.repeat(16)}jembatan`,
        'jembatan -zebra -"zebra crossing" or nothing',
        Array.from({ length: 31 }, () => 'jembatan').join(' ') + ' baru',
        `jembatan ${'x'.repeat(400)} or baru`,
        'jembatan 🇮🇩 or Đặng or D\u0303',
      ];
      for (const q of found) assert.deepEqual(ids(await list({ articleId: article.id, q })), [claim.id], q);
      for (const q of ['"', '-', '""', 'or', '-"-"', '🇮🇩', '\u0301\u0301', `"${'-'.repeat(16)}"`]) {
        assert.deepEqual(await list({ articleId: article.id, q }), { items: [], nextCursor: null }, q);
      }
    });
  });

  describe('PATCH /api/v1/claims/:id', () => {
    it('when summary, claimant and claimDate change, then they are stored and the version goes 1 to 2', async () => {
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id, { summary: 'Old summary', claimDate: '2026-11-18' });
      const response = await patchClaim(app.api, claim.id, { summary: 'New summary', claimant: 'Minister Basuki', claimDate: '2024-02-29' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.version, 2);
      const read = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.deepEqual(response.body, read.body, 'the PATCH answers with the claim as stored');
      assert.equal(read.body.summary, 'New summary');
      assert.equal(read.body.claimant, 'Minister Basuki');
      assert.equal(read.body.claimDate, '2024-02-29');
      assert.equal(read.body.version, 2);
      assert.deepEqual(
        { quote: read.body.quote, start: read.body.start, end: read.body.end, sources: read.body.sources },
        { quote: claim.quote, start: claim.start, end: claim.end, sources: claim.sources },
      );
    });

    it('when sources are patched, then the whole chain is replaced, in order, also on GET', async () => {
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id);
      const replaced = await patchClaim(app.api, claim.id, { sources: chain });
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
      assert.deepEqual(replaced.body.sources, presentedChain);
      assert.equal(replaced.body.version, 2);
      assert.deepEqual((await app.api.get(`/api/v1/claims/${claim.id}`)).body.sources, presentedChain);

      const shorter = await patchClaim(app.api, claim.id, { sources: [chain[2]] });
      assert.deepEqual(shorter.body.sources, [{ ...presentedChain[2], position: 0 }]);
      const emptied = await patchClaim(app.api, claim.id, { sources: [] });
      assert.deepEqual(emptied.body.sources, []);
      const read = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.deepEqual(read.body.sources, []);
      assert.equal(read.body.version, 4);
    });

    it('when summary or claimDate is patched to null, then it is cleared', async () => {
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id, { summary: 'To be cleared', claimDate: '2026-11-18' });
      const response = await patchClaim(app.api, claim.id, { summary: null, claimDate: null });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const read = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.equal(read.body.summary, null);
      assert.equal(read.body.claimDate, null);
      assert.equal(read.body.version, 2);
    });

    it('when claimant or sources is patched to null, then 422 and the claim is unchanged', async () => {
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id);
      for (const field of ['claimant', 'sources']) {
        const response = await patchClaim(app.api, claim.id, { [field]: null });
        assertProblem(response, 422, 'validation-failed');
        const pointers = (response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer);
        assert.deepEqual([...new Set(pointers)], [`#/${field}`]);
      }
      const read = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.equal(read.body.claimant, 'The ministry');
      assert.equal(read.body.sources.length, 1);
      assert.equal(read.body.version, 1);
    });

    it('when quote, start, end or status is patched, then 422 names the field as not patchable', async () => {
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id);
      const attempts: Array<Record<string, unknown>> = [
        { quote: 'Critics said the figure was too low.' },
        { start: 0 },
        { end: 10 },
        { status: 'published' },
        { summary: 'Allowed', status: 'published' },
      ];
      for (const body of attempts) {
        const response = await patchClaim(app.api, claim.id, body);
        assertProblem(response, 422, 'validation-failed');
        const pointers = (response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer);
        const forbidden = Object.keys(body).filter((key) => key !== 'summary');
        assert.deepEqual(pointers, forbidden.map((key) => `#/${key}`));
      }
      const read = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.deepEqual(
        { quote: read.body.quote, start: read.body.start, end: read.body.end, status: read.body.status, summary: read.body.summary },
        { quote: claim.quote, start: claim.start, end: claim.end, status: 'unverified', summary: null },
      );
      assert.equal(read.body.version, 1);
    });

    it('when the patch is empty, then 200 and the version and updatedAt are unchanged', async () => {
      const article = await createArticle(app.api);
      const claim = await createClaim(app.api, article.id);
      const response = await patchClaim(app.api, claim.id, {});
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.version, 1);
      assert.equal(response.body.updatedAt, claim.updatedAt);
      assert.deepEqual(response.body.sources, claim.sources);
      assert.equal((await app.api.get(`/api/v1/claims/${claim.id}`)).body.version, 1);
    });

    it('when an editor patches the summary, claimant or sources of a claim in review, then 409 claim-frozen-in-review names the status and nothing changes; sent back, then the patch goes through', async () => {
      const crew = await hireCrew(app);
      const claim = await newClaim(app.api);
      await driveTo(crew, claim.id, 'in_review');
      const before = await app.api.get(`/api/v1/claims/${claim.id}`);
      const eventsBefore = (await history(app.api, claim.id)).length;
      for (const body of [{ summary: 'Quietly reworded' }, { claimant: 'Someone else' }, { sources: [] }, { claimDate: '2020-01-01' }, {}]) {
        const response = await patchClaim(crew.editor.api, claim.id, body);
        assertProblem(response, 409, 'claim-frozen-in-review');
        assert.equal(response.body.claimStatus, 'in_review');
        assert.match(response.body.detail, /in_review/);
        assert.match(response.body.detail, /send it back/);
      }
      const after = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.deepEqual(after.body, before.body, 'the claim as proposed');
      assert.equal(after.headers.etag, before.headers.etag);
      assert.equal((await history(app.api, claim.id)).length, eventsBefore);

      await moved(crew.editor.api, claim.id, { to: 'in_progress', note: 'Reword the summary first.' });
      const patched = await patchClaim(crew.editor.api, claim.id, { summary: 'Reworded, openly' });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.equal(patched.body.summary, 'Reworded, openly');
    });

    it('when If-Match lists 1,500 guessed ETags, the right one among them, or is "*", then 400 invalid-if-match and the claim is unchanged', async () => {
      const claim = await newClaim(app.api);
      const guesses = Array.from({ length: 1_500 }, (_, index) => `"v${1_500 - index}"`).join(', ');
      for (const ifMatch of [guesses, '*']) {
        const response = await app.api.patch(`/api/v1/claims/${claim.id}`).set('If-Match', ifMatch).send({ claimant: 'Overwritten blindly' });
        assertProblem(response, 400, 'invalid-if-match');
      }
      const read = await app.api.get(`/api/v1/claims/${claim.id}`);
      assert.equal(read.body.claimant, 'The ministry');
      assert.equal(read.body.version, 1);
      assert.equal((await history(app.api, claim.id)).length, 1);
    });

    it('when the id is not a UUID or does not exist, then 404', async () => {
      const patch = (id: string) => app.api.patch(`/api/v1/claims/${id}`).set('If-Match', '"v1"').send({ summary: 'x' });
      assertProblem(await patch(unknownId), 404, 'not-found');
      assertProblem(await patch('not-a-uuid'), 404, 'not-found');
    });
  });
});
