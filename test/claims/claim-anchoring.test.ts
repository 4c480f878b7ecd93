import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, createArticle, createClaim, uniqueToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const repeated = 'Officials expect construction to finish next year.';

/** Where `quote` first occurs in `body`, counted in code points as the API counts (Python-style). */
function codePointSpan(body: string, quote: string): { start: number; end: number } {
  const index = body.indexOf(quote);
  assert.notEqual(index, -1, `${quote} is not in the body`);
  const start = Array.from(body.slice(0, index)).length;
  return { start, end: start + Array.from(quote).length };
}

/**
 * Precomposed é, e + combining acute, a flag (two regional indicators, four UTF-16 units), a thumb
 * with a skin tone (two astral code points) and CJK, all before the quotes the tests anchor.
 */
function unicodeBody(token: string): string {
  return [
    `Caf\u00e9 r\u00e9sum\u00e9 and cafe\u0301 \u{1F1EE}\u{1F1E9} \u{1F44D}\u{1F3FD} \u5317\u4eac\u5b98\u5458\u8bf4 (${token}).`,
    'The minister said rice prices fell \u{1F4C9} by 20 percent last month.',
    'Reporters asked for the data afterwards, and the ministry has not yet answered them.',
  ].join(' ');
}

describe('claims: anchoring quotes in the article body', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const postClaim = (articleId: string, body: Record<string, unknown>) =>
    app.api.post(`/api/v1/articles/${articleId}/claims`).send({ claimant: 'The ministry', ...body });

  it('when only the quote is given, then the server fills in its offsets', async () => {
    const article = await createArticle(app.api);
    const quote = 'Critics said the figure was too low.';
    const claim = await createClaim(app.api, article.id, { quote });
    const start = article.body.indexOf(quote);
    assert.ok(start > 0);
    assert.deepEqual({ start: claim.start, end: claim.end }, { start, end: start + quote.length });
    assert.equal(article.body.slice(claim.start, claim.end), quote);
  });

  it('when correct start and end are sent with the quote, then they are accepted as given', async () => {
    const article = await createArticle(app.api);
    const quote = 'Critics said the figure was too low.';
    const start = article.body.indexOf(quote);
    const claim = await createClaim(app.api, article.id, { quote, start, end: start + quote.length });
    assert.deepEqual({ start: claim.start, end: claim.end }, { start, end: start + quote.length });
  });

  it('when the offsets do not frame the quote, then 422 quote-mismatch says what the body reads there', async () => {
    const article = await createArticle(app.api);
    const quote = 'Critics said the figure was too low.';
    const start = article.body.indexOf(quote) + 1;
    const response = await postClaim(article.id, { quote, start, end: start + quote.length });
    assertProblem(response, 422, 'quote-mismatch');
    assert.equal(response.body.found, article.body.slice(start, start + quote.length));
    assert.deepEqual(response.body.candidates, [{ start: start - 1, end: start - 1 + quote.length }]);
  });

  it('when the quote is not in the body, then 422 quote-not-found and nothing is stored', async () => {
    const article = await createArticle(app.api);
    const response = await postClaim(article.id, { quote: 'the new bridge cost 6 million dollars' });
    assertProblem(response, 422, 'quote-not-found');
    const read = await app.api.get(`/api/v1/articles/${article.id}`);
    assert.equal(read.body.claimCounts.total, 0);
  });

  it('when the quote occurs twice, then 422 quote-ambiguous lists both; with start and end, then the chosen one is anchored', async () => {
    const article = await createArticle(app.api);
    const first = article.body.indexOf(repeated);
    const second = article.body.indexOf(repeated, first + 1);
    assert.ok(first >= 0 && second > first);
    const expected = [first, second].map((start) => ({ start, end: start + repeated.length }));

    const ambiguous = await postClaim(article.id, { quote: repeated });
    assertProblem(ambiguous, 422, 'quote-ambiguous');
    assert.deepEqual(ambiguous.body.candidates, expected);

    const chosen = await createClaim(app.api, article.id, { quote: repeated, ...expected[1] });
    assert.deepEqual({ start: chosen.start, end: chosen.end }, expected[1]);
    const read = await app.api.get(`/api/v1/claims/${chosen.id}`);
    assert.deepEqual({ start: read.body.start, end: read.body.end }, expected[1]);
  });

  it('when only one of start and end is sent, then 422 names the missing one', async () => {
    const article = await createArticle(app.api);
    const quote = 'Critics said the figure was too low.';
    const start = article.body.indexOf(quote);
    const onlyStart = await postClaim(article.id, { quote, start });
    assertProblem(onlyStart, 422, 'validation-failed');
    assert.deepEqual(pointers(onlyStart), ['#/end']);
    const onlyEnd = await postClaim(article.id, { quote, end: start + quote.length });
    assertProblem(onlyEnd, 422, 'validation-failed');
    assert.deepEqual(pointers(onlyEnd), ['#/start']);
  });

  it('when the offsets run past the end of the body, then 422 quote-mismatch', async () => {
    const article = await createArticle(app.api);
    const length = Array.from(article.body).length;
    const tail = 'finish next year.';
    assert.ok(article.body.endsWith(tail));
    const pastEnd = await postClaim(article.id, { quote: tail, start: length - tail.length + 1, end: length + 1 });
    assertProblem(pastEnd, 422, 'quote-mismatch');
    const farOff = await postClaim(article.id, { quote: tail, start: length + 10, end: length + 10 + tail.length });
    assertProblem(farOff, 422, 'quote-mismatch');
    // The same quote at the very end is fine: end may equal the body's length.
    const atEnd = await createClaim(app.api, article.id, { quote: tail, start: length - tail.length, end: length });
    assert.equal(atEnd.end, length);
  });

  it('when end is not after start, then 422 quote-mismatch', async () => {
    const article = await createArticle(app.api);
    const response = await postClaim(article.id, { quote: 'Critics', start: 10, end: 10 });
    assertProblem(response, 422, 'quote-mismatch');
  });

  describe('offsets count Unicode code points', () => {
    it('when accents, emoji and CJK precede the quote, then the server fills in code point offsets', async () => {
      const body = unicodeBody(uniqueToken());
      const article = await createArticle(app.api, { body });
      assert.equal(article.body, body, 'the body is stored exactly as sent, not normalised');
      const quote = 'The minister said rice prices fell';
      const expected = codePointSpan(body, quote);
      // Two astral pairs in the flag and two in the thumb: UTF-16 would be four further on.
      assert.equal(body.indexOf(quote), expected.start + 4);

      const claim = await createClaim(app.api, article.id, { quote });
      assert.deepEqual({ start: claim.start, end: claim.end }, expected);
      assert.equal(Array.from(body).slice(claim.start, claim.end).join(''), quote);
    });

    it('when code point offsets are sent, then they are accepted; UTF-16 offsets are refused with quote-mismatch', async () => {
      const body = unicodeBody(uniqueToken());
      const article = await createArticle(app.api, { body });
      const quote = 'The minister said rice prices fell';
      const expected = codePointSpan(body, quote);
      const utf16 = { start: body.indexOf(quote), end: body.indexOf(quote) + quote.length };

      const refused = await postClaim(article.id, { quote, ...utf16 });
      assertProblem(refused, 422, 'quote-mismatch');
      assert.equal(refused.body.found, Array.from(body).slice(utf16.start, utf16.end).join(''));
      assert.deepEqual(refused.body.candidates, [expected]);

      const claim = await createClaim(app.api, article.id, { quote, ...expected });
      assert.deepEqual({ start: claim.start, end: claim.end }, expected);
    });

    it('when the quote itself holds an emoji, then its end counts the emoji as one code point', async () => {
      const body = unicodeBody(uniqueToken());
      const article = await createArticle(app.api, { body });
      const quote = 'rice prices fell \u{1F4C9} by 20 percent';
      const expected = codePointSpan(body, quote);
      assert.equal(expected.end - expected.start, quote.length - 1);

      const filled = await createClaim(app.api, article.id, { quote });
      assert.deepEqual({ start: filled.start, end: filled.end }, expected);
      const explicit = await createClaim(app.api, article.id, { quote, ...expected });
      assert.deepEqual({ start: explicit.start, end: explicit.end }, expected);
      const read = await app.api.get(`/api/v1/claims/${filled.id}`);
      assert.equal(read.body.quote, quote);
    });

    it('when the quote spans a combining accent and a flag, then each code point counts once', async () => {
      const body = unicodeBody(uniqueToken());
      const article = await createArticle(app.api, { body });
      const quote = 'cafe\u0301 \u{1F1EE}\u{1F1E9} \u{1F44D}\u{1F3FD}';
      const expected = codePointSpan(body, quote);
      assert.equal(expected.end - expected.start, 5 + 1 + 2 + 1 + 2);
      const claim = await createClaim(app.api, article.id, { quote });
      assert.deepEqual({ start: claim.start, end: claim.end }, expected);
      const precomposed = await createClaim(app.api, article.id, { quote: 'Caf\u00e9 r\u00e9sum\u00e9' });
      assert.deepEqual({ start: precomposed.start, end: precomposed.end }, { start: 0, end: 11 });
    });

    it('when the quote writes é precomposed where the body has e + combining accent, then 422 quote-not-found', async () => {
      const body = unicodeBody(uniqueToken());
      const article = await createArticle(app.api, { body });
      assert.ok(body.includes('cafe\u0301') && !body.includes('caf\u00e9'));
      const response = await postClaim(article.id, { quote: 'caf\u00e9 \u{1F1EE}\u{1F1E9}' });
      assertProblem(response, 422, 'quote-not-found');
    });
  });
});

const pointers = (response: { body: { errors?: Array<{ pointer: string }> } }): string[] =>
  [...new Set((response.body.errors ?? []).map((error) => error.pointer))];
