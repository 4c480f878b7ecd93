import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { createArticle, createClaim, uniqueToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { personWithPassword, selectInArticle, signInWithForm, type WebPerson } from '../support/web';
import { watchForScripts, xssPayloads, xssText } from '../support/xss';

describe('article pages', () => {
  let app: TestApp;
  let browser: Browser;
  let checker: WebPerson;

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    checker = await personWithPassword(app, 'checker');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('when a checker selects words after an emoji and presses "New claim", then the claim is anchored at those code points and marked in the text', async () => {
    const token = uniqueToken();
    const body = `Warga 🇮🇩 berkata (${token}): harga beras naik 20 persen tahun ini. Lainnya tidak berubah.`;
    const article = await createArticle(checker.api, { body, language: 'id' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, checker, `/articles/${article.id}`);
    await selectInArticle(page, 'harga beras naik 20 persen');
    await page.getByRole('button', { name: 'New claim' }).click();
    assert.equal(await page.getByLabel('Quote (exactly as in the text)').inputValue(), 'harga beras naik 20 persen');
    await page.getByLabel('Claimant (who makes the claim)').fill('Warga');
    await Promise.all([page.waitForURL(/\/claims\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Create the claim' }).click()]);
    const claimId = new URL(page.url()).pathname.split('/').pop()!;

    const claim = (await checker.api.get(`/api/v1/claims/${claimId}`)).body as { start: number; end: number; quote: string };
    const expectedStart = [...body.slice(0, body.indexOf('harga'))].length;
    assert.deepEqual({ start: claim.start, end: claim.end }, { start: expectedStart, end: expectedStart + 'harga beras naik 20 persen'.length });
    assert.notEqual(claim.start, body.indexOf('harga'), 'code points, not UTF-16 units (the flag is 4 units, 2 code points)');

    await page.goto(`${app.baseUrl}/articles/${article.id}`);
    const mark = page.locator(`mark[data-claim-id="${claimId}"]`);
    assert.equal(await mark.innerText(), 'harga beras naik 20 persen');
    assert.match((await mark.getAttribute('class')) ?? '', /status-unverified/);
    assert.equal(await page.locator('#article-body').innerText(), body, 'the marks leave the text as it is');
    await screenshot(page, 'article');
    await context.close();
  });

  it('when an article is pasted with a bad language and no title, then each field says what is wrong and the text is kept; fixed, it is saved', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, checker, '/articles/new');
    const body = `Menurut data, angka kemiskinan turun 2 persen (${uniqueToken()}).`;
    await page.getByLabel('Language (such as id or en)').fill('not a language!');
    await page.getByLabel('Text of the article').fill(body);
    await page.getByLabel('Title').evaluate((input) => input.removeAttribute('required'));
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Save the article' }).click()]);
    assert.equal(refused.status(), 422);
    assert.match(await page.locator('#language-error').innerText(), /language tag/);
    assert.match(await page.locator('#title-error').innerText(), /title/);
    assert.equal(await page.getByLabel('Text of the article').inputValue(), body, 'the pasted text is kept');
    await screenshot(page, 'article-new-refused');
    await page.getByLabel('Title').fill(`Kemiskinan ${uniqueToken()}`);
    await page.getByLabel('Language (such as id or en)').fill('id');
    await Promise.all([page.waitForURL(/\/articles\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Save the article' }).click()]);
    assert.equal(await page.locator('#article-body').innerText(), body);
    await context.close();
  });

  it('when the list is searched, then only matching titles are listed, each linking to its article', async () => {
    const token = uniqueToken();
    const wanted = await createArticle(checker.api, { title: `Subsidi listrik ${token}` });
    await createArticle(checker.api);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, checker, '/articles');
    await page.getByLabel('Search titles and publishers').fill(token);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=/);
    const links = page.locator('main table a');
    assert.equal(await links.count(), 1);
    assert.equal(await links.first().getAttribute('href'), `/articles/${wanted.id}`);
    await screenshot(page, 'articles');
    await context.close();
  });

  it('when every text of an article and its claim holds script, then no page runs it and the address is not a javascript: link', async () => {
    const title = xssText('title');
    const body = `Pembukaan. ${xssPayloads.tag} kata pejabat ${xssPayloads.closeScript} penutup ${xssPayloads.url}.`;
    const article = await createArticle(checker.api, { title, publisher: xssText('publisher'), body, url: `https://news.test/${uniqueToken()}?q=%3Cscript%3E` });
    await createClaim(checker.api, article.id, { quote: xssPayloads.closeScript, claimant: xssText('claimant'), sources: [] });
    const context = await newContext(browser);
    const page = await context.newPage();
    const watcher = watchForScripts(page);
    await signInWithForm(page, app.baseUrl, checker, `/articles/${article.id}`);
    assert.equal(await page.locator('h1').innerText(), title, 'the title is shown as text');
    assert.equal(await page.locator('#article-body').innerText(), body);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
    await page.goto(`${app.baseUrl}/articles?q=${encodeURIComponent('title <img')}`);
    assert.equal(await page.locator(`main table a[href="/articles/${article.id}"]`).innerText(), title, 'found by its title, shown as text');
    assert.deepEqual(await watcher.ran(), []);
    await context.close();
  });

  it('when a person who may not create claims opens an article, then there is no form, and a forged post is refused', async () => {
    const admin = await personWithPassword(app, 'admin');
    const article = await createArticle(checker.api);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, admin, `/articles/${article.id}`);
    assert.equal(await page.locator('#new-claim-form').count(), 0);
    const csrf = await page.evaluate(() => (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value);
    const response = await page.request.post(`${app.baseUrl}/articles/${article.id}/claims`, {
      form: { _csrf: csrf, quote: 'Critics said the figure was too low.', claimant: 'Critics' },
      headers: { origin: app.baseUrl },
    });
    assert.equal(response.status(), 403);
    assert.equal((await admin.api.get(`/api/v1/claims?articleId=${article.id}`)).body.items.length, 0);
    await context.close();
  });

  it('when the three article pages are checked with axe, then none has a serious or critical violation', async () => {
    const article = await createArticle(checker.api);
    await createClaim(checker.api, article.id);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, checker, '/articles');
    for (const path of ['/articles', '/articles/new', `/articles/${article.id}`]) {
      await page.goto(`${app.baseUrl}${path}`);
      assert.deepEqual(await seriousAccessibilityViolations(page), [], path);
    }
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, 'article-phone');
    await context.close();
  });
});
