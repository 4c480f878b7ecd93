import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchClaim, uniqueToken } from '../support/factories';
import { countInvalidations, withoutInvalidation } from '../support/public-cache';
import { hireEditors, newPublicClaim, proposeCorrection, publish, republish } from '../support/public';
import { claimWorded, uniqueWord } from '../support/similar';
import { startTestApp, type TestApp } from '../support/test-app';
import { addEvidence, retract, type Crew } from '../support/workflow';

const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The text of the page's JSON-LD data block, decoded as a parser would. */
function jsonLdOf(html: string): Record<string, any> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'the page carries a JSON-LD block');
  return JSON.parse(match[1]!) as Record<string, any>;
}

describe('the public pages', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp({ publicRateLimit: { perMinute: 10_000_000, store: 'memory' } });
    crew = await hireEditors(app);
  });
  after(() => app.close());

  const page = (path: string, headers: Record<string, string> = {}) => app.anonymous.get(path).set({ Accept: browserAccept, ...headers });

  it('when a browser opens a published fact-check, then its page shows the record, the evidence, who checked it and every correction, with the ClaimReview', async () => {
    const claim = await newPublicClaim(app.api, {
      claim: { claimant: 'Dewi Lestari', sources: [{ name: 'Kabar Wire', kind: 'wire_agency', url: 'https://wire.test/1', note: 'Carried it first.' }] },
    });
    const evidence = await addEvidence(crew.checker.api, claim.id, { title: `Budget papers ${claim.token}`, stance: 'refutes', archiveUrl: 'https://archive.test/b', note: 'Page 12.' });
    const firstRationale = `First reading ${uniqueToken()}.`;
    await publish(crew, claim.id, { rating: 'false', rationale: firstRationale });
    const note = `The ministry revised its figure ${uniqueToken()}.`;
    await republish(crew, claim.id, { rating: 'mostly-false', rationale: `Revised ${claim.token}.` }, note);
    const { body: ratings } = await crew.checker.api.get('/api/v1/ratings');

    const response = await page(`/fact-checks/${claim.id}`);
    assert.equal(response.status, 200, response.text);
    assert.match(String(response.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(response.headers.vary, 'Accept, Accept-Language, Cookie, Accept-Encoding');
    assert.match(String(response.headers['cache-control']), /^public/);
    const html = response.text;
    const definition = (ratings.ratings as Array<{ id: string; definition: string }>).find((rating) => rating.id === 'mostly-false')!.definition;
    for (const shown of [`Bridge cost claim ${claim.token}`, claim.quote, 'Dewi Lestari', 'Kabar Wire', 'Carried it first.', 'Mostly false', definition, `Revised ${claim.token}.`,
      `Budget papers ${claim.token}`, 'Refutes the claim', 'https://archive.test/b', 'Page 12.', crew.checker.name, crew.editor.name, note, firstRationale]) {
      assert.ok(html.includes(shown), `the page shows ${shown}`);
    }
    assert.ok(html.includes(`href="${evidence.url}"`), 'the evidence links to its source');
    assert.match(html, /<meta property="og:title" content="Mostly false: Bridge cost claim [0-9a-f]+"/);
    assert.match(html, /<meta name="twitter:card" content="summary"/);
    assert.ok(html.includes(`<link rel="canonical" href="${app.baseUrl}/fact-checks/${claim.id}"`));
    const ld = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/ld+json');
    assert.deepEqual(jsonLdOf(html), JSON.parse(ld.text), 'the page carries the very ClaimReview the ld+json answer gives');
    assert.ok(html.includes('Sign in'), 'the public header: signed out whoever reads it');
  });

  it('when the page is read again with its ETag, then 304; the JSON answer keeps its own ETag, body and Vary', async () => {
    const claim = await newPublicClaim(app.api);
    await publish(crew, claim.id);
    const jsonBefore = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/json');
    const first = await page(`/fact-checks/${claim.id}`);
    assert.equal(first.status, 200);
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    const again = await page(`/fact-checks/${claim.id}`, { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const json = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/json');
    assert.notEqual(json.headers.etag, etag, 'each representation has its own ETag');
    assert.equal(json.text, jsonBefore.text, 'the JSON is unchanged by the page');
    assert.equal(json.headers.vary, 'Accept, Accept-Encoding');
    assert.match(String(json.headers['content-type']), /^application\/json/);
    const anything = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', '*/*');
    assert.match(String(anything.headers['content-type']), /^application\/json/, 'JSON when anything goes, as before');
  });

  it('when the page is asked for in Indonesian (header or cookie), then it is in Indonesian, a different entry with its own ETag', async () => {
    const claim = await newPublicClaim(app.api);
    await publish(crew, claim.id);
    const english = await page(`/fact-checks/${claim.id}`, { 'Accept-Language': 'en-GB' });
    const indonesian = await page(`/fact-checks/${claim.id}`, { 'Accept-Language': 'id-ID,id;q=0.9' });
    const byCookie = await page(`/fact-checks/${claim.id}`, { 'Accept-Language': 'en-GB', Cookie: 'lang=id' });
    assert.match(english.text, /<html lang="en">/);
    assert.match(indonesian.text, /<html lang="id">/);
    assert.ok(indonesian.text.includes('Putusan kami'));
    assert.equal(byCookie.text, indonesian.text);
    assert.notEqual(english.headers.etag, indonesian.headers.etag);
  });

  it('when a draft, an unknown id, a non-UUID or an undecodable id is opened in a browser, then the very same 404 page, kept by nobody', async () => {
    const draft = await newPublicClaim(app.api);
    const bodies = new Set<string>();
    for (const id of [draft.id, '7b0e0f8e-4f4e-4d1a-9a55-2f5d1f3e9c11', 'not-a-uuid', '%ZZ']) {
      const response = await page(`/fact-checks/${id}`);
      assert.equal(response.status, 404, id);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
      assert.ok(!response.text.includes(id), `${id}: the page does not repeat the id`);
      bodies.add(response.text);
    }
    assert.equal(bodies.size, 1, 'one page for all of them');
    assert.ok(!(await app.anonymous.get(`/fact-checks/${draft.id}`)).text.includes(draft.token));
  });

  it('when a published claim is being corrected, then its page shows nothing of the work in progress', async () => {
    const claim = await newPublicClaim(app.api);
    const kept = await addEvidence(crew.checker.api, claim.id, { title: `Kept ${claim.token}` });
    await publish(crew, claim.id);
    const draftNote = `draft-${uniqueToken()}`;
    const draftRationale = `unapproved-${uniqueToken()}`;
    await proposeCorrection(crew, claim.id, { rating: 'true', rationale: draftRationale }, 'Reopened for new figures.');
    // Added and retracted after publication, during the correction: the page shows the evidence as published.
    await app.db.dataSource.query(`UPDATE claims SET status = 'in_progress' WHERE id = $1`, [claim.id]);
    await addEvidence(crew.checker.api, claim.id, { title: draftNote });
    assert.equal((await retract(crew.checker.api, claim.id, kept.id, 'Wrong document')).status, 200);
    await patchClaim(crew.checker.api, claim.id, { claimant: `Edited ${draftNote}` });
    const html = (await page(`/fact-checks/${claim.id}`)).text;
    assert.ok(html.includes(`Kept ${claim.token}`), 'evidence retracted after publication is still what the verdict stood on');
    for (const hidden of [draftNote, draftRationale]) assert.ok(!html.includes(hidden), `the page does not show ${hidden}`);
  });

  it('when the home page is read, then it lists published fact-checks newest first, paged by cursor, and no draft', async () => {
    const draft = await newPublicClaim(app.api);
    const published = [];
    for (let i = 0; i < 2; i++) {
      const claim = await newPublicClaim(app.api);
      await publish(crew, claim.id);
      published.push(claim);
    }
    const home = await page('/');
    assert.equal(home.status, 200, home.text);
    assert.match(String(home.headers['content-type']), /^text\/html/);
    assert.ok(home.text.indexOf(published[1]!.token) < home.text.indexOf(published[0]!.token), 'newest first');
    assert.ok(home.text.includes(`href="/fact-checks/${published[1]!.id}"`));
    assert.ok(!home.text.includes(draft.token), 'no draft');
    // On PostgreSQL other files publish all the while, which rightly changes the page: a conditional read
    // is counted when it follows its read with no publication between.
    const again = await withoutInvalidation(countInvalidations(app.publicCache), undefined, async () =>
      page('/', { 'If-None-Match': String((await page('/')).headers.etag) }),
    );
    assert.equal(again.status, 304, 'from the cache, with its ETag');
    const next = /<a href="([^"]+)" rel="next">/.exec(home.text);
    if (next) {
      const older = await page(next[1]!.replaceAll('&amp;', '&'));
      assert.equal(older.status, 200);
      assert.ok(!older.text.includes(published[1]!.token), 'the next page continues after the first');
    }
    const later = await newPublicClaim(app.api);
    await publish(crew, later.id);
    assert.ok((await page('/')).text.includes(later.token), 'a publication reaches the cached home page at once');
  });

  it('when the list is searched, then it finds published fact-checks by their published words only', async () => {
    const word = `zq${uniqueToken()}`;
    const published = await newPublicClaim(app.api, { claim: { summary: `Harbour toll ${word}` } });
    await publish(crew, published.id);
    const draft = await newPublicClaim(app.api, { claim: { summary: `Harbour draft ${word}` } });
    const edited = `zq${uniqueToken()}`;
    assert.equal((await patchClaim(crew.checker.api, published.id, { summary: `Harbour toll ${word} ${edited}` })).status, 200);

    const found = await page(`/fact-checks?q=${word}`);
    assert.equal(found.status, 200, found.text);
    assert.ok(found.text.includes(`href="/fact-checks/${published.id}"`));
    assert.ok(!found.text.includes(draft.id), 'a draft is never found');
    assert.ok(found.text.includes(`value="${word}"`), 'the search field keeps the words');
    const byDraftWords = await page(`/fact-checks?q=${edited}`);
    assert.ok(!byDraftWords.text.includes(published.id), 'words edited in after publication do not find it');
    const everything = await page('/fact-checks');
    assert.equal(everything.status, 200);
  });

  it('when a reader searches with the words of a claim, then the page first lists fact-checks worded alike, then other organisations’ reviews apart, and no draft', async () => {
    const topic = uniqueWord();
    const checked = await claimWorded(app.api, `The harbour toll in ${topic} doubled to 40,000 rupiah last month.`);
    await publish(crew, checked.id);
    const draft = await claimWorded(app.api, `The harbour toll in ${topic} doubled to 40,000 rupiah last month.`);
    const elsewhere = `https://elsewhere.example/${topic}/harbour-toll`;
    const imported = await (await app.user('editor')).api
      .post('/api/v1/imports/claimreview')
      .set('Content-Type', 'application/ld+json')
      .send(JSON.stringify({ '@context': 'https://schema.org', '@type': 'ClaimReview', url: elsewhere, claimReviewed: `Harbour toll in ${topic} doubled to 40000 rupiah <img src=x onerror=alert(1)>`, author: { '@type': 'Organization', name: 'Checkers Elsewhere' }, reviewRating: { '@type': 'Rating', alternateName: 'Exaggerated' } }));
    assert.equal(imported.status, 200, imported.text);

    const found = await page(`/fact-checks?q=${encodeURIComponent(`harbour toll ${topic} doubled 40.000 rupiah`)}`);
    assert.equal(found.status, 200, found.text);
    const alike = found.text.slice(found.text.indexOf('id="alike-heading"'), found.text.indexOf('id="elsewhere-heading"'));
    assert.ok(alike.includes(`href="/fact-checks/${checked.id}"`), 'the fact-check worded alike heads the page');
    const others = found.text.slice(found.text.indexOf('id="elsewhere-heading"'));
    assert.ok(others.includes(`href="${elsewhere}" rel="external nofollow noopener"`), 'the other organisation’s review, linked to its page');
    assert.ok(others.includes('Checkers Elsewhere: Exaggerated'));
    assert.ok(others.includes('&lt;img src=x') && !found.text.includes('<img src=x'), 'their words are text, never markup');
    assert.ok(!found.text.includes(draft.id), 'a draft is never found');

    const nothingAlike = await page(`/fact-checks?q=${uniqueWord()}`);
    assert.equal(nothingAlike.status, 200);
    assert.ok(!nothingAlike.text.includes('id="alike-heading"') && !nothingAlike.text.includes('id="elsewhere-heading"'), 'no empty sections');
  });

  it('when the search or the cursor cannot be taken, then the list page says why next to the field, in the Problem’s status, kept by nobody', async () => {
    const tooMany = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const refused = await page(`/fact-checks?q=${encodeURIComponent(tooMany)}`);
    assert.equal(refused.status, 422);
    assert.match(String(refused.headers['content-type']), /^text\/html/);
    assert.equal(refused.headers['cache-control'], 'no-store');
    assert.match(refused.text, /id="q-error" class="field-error">q may hold at most 32 words/);
    assert.match(refused.text, /aria-invalid="true"/);
    const long = await page(`/fact-checks?q=${'a'.repeat(5000)}`);
    assert.equal(long.status, 422);
    assert.ok(long.text.length < 20_000, 'the refused words are not all sent back');
    const cursor = await page('/?cursor=bogus');
    assert.equal(cursor.status, 422);
    assert.ok(cursor.text.includes('cursor is not one this feed issued'));
  });

  it('when a shared link carries tracking parameters (utm_source, fbclid), then the page opens as without them, from the same cache entry; JSON still refuses them', async () => {
    const claim = await newPublicClaim(app.api);
    await publish(crew, claim.id);
    const tracking = `utm_source=newsletter&utm_medium=email&fbclid=IwAR${uniqueToken()}`;
    for (const path of [`/fact-checks/${claim.id}`, '/', `/fact-checks?q=${encodeURIComponent(claim.quote)}`]) {
      const { clean, shared, grew } = await withoutInvalidation(countInvalidations(app.publicCache), undefined, async () => {
        const clean = await page(path);
        const { size } = app.publicCache;
        const shared = await page(`${path}${path.includes('?') ? '&' : '?'}${tracking}`);
        return { clean, shared, grew: app.publicCache.size - size };
      });
      assert.equal(clean.status, 200, `${path}: ${clean.text.slice(0, 300)}`);
      assert.equal(shared.status, 200, `${path} shared: ${shared.text.slice(0, 300)}`);
      assert.equal(grew, 0, `${path}: no cache entry of its own`);
      assert.equal(/<link rel="canonical" href="([^"]*)"/.exec(shared.text)?.[1], /<link rel="canonical" href="([^"]*)"/.exec(clean.text)?.[1], `${path}: the same canonical address`);
    }
    const shared = await page(`/fact-checks/${claim.id}?fbclid=x`);
    assert.ok(shared.text.includes(claim.quote), 'the fact-check itself');
    const json = await app.anonymous.get(`/fact-checks/${claim.id}?fbclid=x`);
    assert.equal(json.status, 400);
    assert.equal(json.body.type, '/problems/unknown-parameter');
  });
});
