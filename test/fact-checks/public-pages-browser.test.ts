import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { createArticle, createClaim, uniqueToken } from '../support/factories';
import { hireEditors, publish, republish } from '../support/public';
import { startTestApp, type TestApp } from '../support/test-app';
import { addEvidence, postEvidence, type Crew } from '../support/workflow';

/** What a stored-XSS attempt writes: markup, a way out of the JSON-LD script element, an attribute breakout. */
const probe = (field: string) => `${field} <img src=x onerror=alert('${field}')> </script><script>alert('${field}')</script> "><svg onload=alert('${field}')> <!--`;

/** Everything that would show a script ran or a policy stopped one: dialogs, page errors, console errors. */
function watch(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed load is listed below with its address.
    if (message.text().startsWith('Failed to load resource')) return;
    if (message.type() === 'error' || message.type() === 'warning') seen.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) seen.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return seen;
}

describe('the public pages in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let crew: Crew;
  before(async () => {
    // A database of its own: the pages below publish javascript: URLs written behind the API's back, which
    // other test files reading every published item (the feed's validity checks) must never meet.
    const ownDatabase = true;
    [app, browser] = await Promise.all([startTestApp({ publicRateLimit: { perMinute: 10_000_000, store: 'memory' } }, { ownDatabase }), launchBrowser()]);
    crew = await hireEditors(app);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('when every text field of a fact-check holds markup and script, then the pages show it as text, no script runs and the JSON-LD keeps it verbatim', async () => {
    const quote = probe('quote');
    const article = await createArticle(crew.checker.api, { title: probe('title'), publisher: probe('publisher'), body: `Opening words. ${quote} Closing words.` });
    const claim = await createClaim(crew.checker.api, article.id, {
      quote,
      summary: probe('summary'),
      claimant: probe('claimant'),
      sources: [
        { name: probe('source'), kind: 'person', url: 'https://social.test/1', note: probe('source-note') },
        { name: 'Second hop', kind: 'news_outlet', url: 'https://news.test/2' },
      ],
    });
    const refused = await postEvidence(crew.checker.api, claim.id, { url: 'javascript:alert(1)' });
    assert.equal(refused.status, 422, 'a javascript: URL is refused on the way in');
    const evidence = await addEvidence(crew.checker.api, claim.id, { title: probe('evidence-title'), publisher: probe('evidence-publisher'), excerpt: probe('excerpt'), note: probe('evidence-note'), archiveUrl: 'https://archive.test/x' });
    // URLs that reached the database some other way (an old import, a hand edit), before publication so the
    // verdict's snapshot takes them: the page must not make them links.
    const query = (sql: string, parameters: unknown[]) => app.db.dataSource.query(sql, parameters);
    await query(`UPDATE claim_sources SET url = 'javascript:alert(11)' WHERE claim_id = $1 AND position = 1`, [claim.id]);
    const articleUrl = `javascript:alert('${article.id}')`; // article URLs are unique
    await query(`UPDATE articles SET url = $2 WHERE id = $1`, [article.id, articleUrl]);
    await query(`UPDATE evidence SET url = 'javascript:alert(13)', archive_url = 'JaVaScRiPt:alert(14)' WHERE id = $1`, [evidence.id]);
    await publish(crew, claim.id, { rating: 'false', rationale: probe('first-rationale') });
    await republish(crew, claim.id, { rating: 'mostly-false', rationale: probe('rationale') }, probe('correction-note'));

    const context = await newContext(browser);
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${app.baseUrl}/fact-checks/${claim.id}`);
    const text = await page.locator('main').innerText();
    for (const field of ['quote', 'summary', 'claimant', 'source', 'source-note', 'rationale', 'first-rationale', 'evidence-title', 'evidence-publisher', 'excerpt', 'evidence-note', 'correction-note', 'publisher']) {
      assert.ok(text.includes(`<img src=x onerror=alert('${field}')>`), `${field} is shown as the text it is`);
    }
    assert.ok(text.includes(probe('title').replace(/\s+/g, ' ').slice(0, 20)), 'the article title is shown as text');
    assert.equal(await page.locator('main img, main svg, body script:not([type="application/ld+json"])').count(), 0, 'no element came out of anyone’s text');
    assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0, 'no javascript: link');
    assert.equal(await page.locator('script[type="application/ld+json"]').count(), 1);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as Record<string, any>;
    assert.equal(ld.itemReviewed.text, quote, 'the JSON-LD keeps the quote verbatim');
    assert.equal(ld.reviewRating.ratingExplanation, probe('rationale'));
    assert.equal(ld.itemReviewed.author.name, probe('claimant'));
    assert.equal(ld.itemReviewed.appearance[0].headline, probe('title'));
    assert.equal(ld.itemReviewed.appearance[0].url, articleUrl, 'the data block keeps even that URL as data; no browser follows it');

    for (const path of ['/', `/fact-checks?q=${encodeURIComponent('summary')}`, `/fact-checks?q=${encodeURIComponent(probe('q'))}`]) {
      await page.goto(`${app.baseUrl}${path}`);
      assert.equal(await page.locator('main img, main svg').count(), 0, `${path}: no element from anyone's text`);
    }
    assert.deepEqual(seen, [], 'no dialog, no error, no CSP violation on any page');
    await context.close();
  });

  it('when each public page is checked with axe, in English (and the fact-check in Indonesian) and on a 360 px phone, then no serious violation and nothing wider than the screen', async () => {
    const article = await createArticle(crew.checker.api, {
      title: 'Putin to meet Kim in Vladivostok, officials say',
      publisher: 'Kabar Harian',
      body: 'VLADIVOSTOK - Officials said the two leaders will meet next week at the Far Eastern Federal University campus. The meeting was first reported by US and allied sources.',
    });
    const token = uniqueToken();
    const claim = await createClaim(crew.checker.api, article.id, {
      quote: 'the two leaders will meet next week at the Far Eastern Federal University campus',
      summary: `Putin and Kim will meet at the Far Eastern Federal University next week (${token})`,
      claimant: 'Russian officials',
      sources: [
        { name: 'US and allied sources', kind: 'anonymous_sources' },
        { name: 'The New York Times', kind: 'news_outlet', url: 'https://nytimes.test/putin-kim' },
        { name: 'The National News', kind: 'news_outlet', url: 'https://thenational.test/kim' },
      ],
    });
    await addEvidence(crew.checker.api, claim.id, { title: 'Kremlin schedule for the week', publisher: 'Kremlin press office', stance: 'supports', archiveUrl: 'https://archive.test/kremlin', note: 'Lists the meeting without a venue.' });
    await publish(crew, claim.id, { rating: 'mostly-true', rationale: 'The meeting happened; the venue was a different campus building.' });
    await republish(crew, claim.id, { rating: 'mostly-true', rationale: 'The meeting happened on the campus, as the Kremlin later confirmed.' }, 'The venue was confirmed by the Kremlin.');

    // Another organisation's review of the same claim: the search page lists it apart.
    const imported = await crew.editor.api
      .post('/api/v1/imports/claimreview')
      .set('Content-Type', 'application/ld+json')
      .send(JSON.stringify({ '@context': 'https://schema.org', '@type': 'ClaimReview', url: `https://elsewhere.test/${token}`, claimReviewed: `Putin and Kim will meet at the Far Eastern Federal University next week ${token}`, author: { '@type': 'Organization', name: 'Checkers Elsewhere' }, reviewRating: { '@type': 'Rating', alternateName: 'Mostly true' } }));
    assert.equal(imported.status, 200, imported.text);

    const pages = [
      ['public-fact-check', `/fact-checks/${claim.id}`],
      ['public-home', '/'],
      ['public-search', `/fact-checks?q=${encodeURIComponent(`Putin and Kim will meet at the Far Eastern Federal University next week ${token}`)}`],
      ['public-search-refused', `/fact-checks?q=${encodeURIComponent(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))}`],
      ['public-not-found', '/fact-checks/7b0e0f8e-4f4e-4d1a-9a55-2f5d1f3e9c11'],
    ] as const;
    for (const locale of ['en-GB', 'id-ID']) {
      const context = await newContext(browser, { locale });
      const page = await context.newPage();
      const seen = watch(page);
      for (const [name, path] of locale === 'en-GB' ? pages : pages.slice(0, 1)) {
        await page.goto(`${app.baseUrl}${path}`);
        if (name === 'public-search') {
          assert.ok((await page.getByRole('link', { name: String(claim.summary) }).count()) >= 1, 'the fact-check worded alike is listed');
          assert.equal(await page.getByRole('heading', { name: 'Checked by other fact-checkers' }).count(), 1);
        }
        assert.deepEqual(await seriousAccessibilityViolations(page), [], `${locale} ${path}`);
        if (locale === 'en-GB') await screenshot(page, name);
        await page.setViewportSize({ width: 360, height: 740 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${locale} ${path}: ${overflow} px wider than a 360 px phone`);
        if (locale === 'en-GB' && name === 'public-fact-check') await screenshot(page, `${name}-phone`);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      // Expected refusals (the 404 and the 422 above) are logged by the browser as failed loads, nothing else.
      assert.deepEqual(seen.filter((line) => !/^(404 \/fact-checks\/7b0e|422 \/fact-checks)/.test(line)), [], locale);
      await context.close();
    }
  });

  it('when a person uses only the keyboard, then they reach the search from the home page and open a result', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.getByLabel('Search the published fact-checks').focus();
    await page.keyboard.type('Far Eastern');
    await Promise.all([page.waitForURL((url) => url.pathname === '/fact-checks'), page.keyboard.press('Enter')]);
    const first = page.locator('.fact-check-list a').first();
    await first.focus();
    await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/fact-checks/')), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('h1').count(), 1);
    await context.close();
  });
});
