import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { eventually } from '../support/public';
import { startTestApp, type TestApp } from '../support/test-app';
import { personWithPassword, signInWithForm, type WebPerson } from '../support/web';
import { addEvidence, moved, newClaim } from '../support/workflow';

const proposal = { to: 'in_review', rating: 'false', rationale: 'Budget documents say 9 million.' };

/** Marks the loaded document: a reload or navigation would lose the mark. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { __marker: string }).__marker = 'still here'));
const stillSamePage = async (page: Page, url: string) => {
  assert.equal(page.url(), url);
  assert.equal(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker), 'still here');
};

describe('the desk and my claims, live', () => {
  let app: TestApp;
  let browser: Browser;
  let editor: WebPerson;
  let checker: WebPerson;

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    [editor, checker] = await Promise.all([personWithPassword(app, 'editor'), personWithPassword(app, 'checker')]);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it("when a checker proposes a claim, then the editor's open /desk shows it arrive in the review queue without reload", async () => {
    const claim = await newClaim(checker.api, { quote: 'the new bridge cost 5 million dollars' });
    await moved(checker.api, claim.id, { to: 'in_progress' });
    await addEvidence(checker.api, claim.id);
    const context = await newContext(browser);
    const page = await context.newPage();
    // Filtered to this claim's article, as an editor watching one story would: on a shared database the
    // queue (oldest first, paged) holds other tests' claims ahead of this one.
    await signInWithForm(page, app.baseUrl, editor, `/desk?articleId=${claim.articleId}`);
    const url = page.url();
    const queue = page.locator('[data-live-region="desk-review-queue"]');
    assert.equal(await queue.locator(`a[href="/claims/${claim.id}"]`).count(), 0);
    await markPage(page);
    await page.waitForFunction(() => document.readyState === 'complete');
    await eventually(async () => app.liveHub.streamsOf(editor.id) === 1, 5_000, 'the page’s EventSource is connected');
    await moved(checker.api, claim.id, proposal);
    await queue.locator(`a[href="/claims/${claim.id}"]`).waitFor({ timeout: 5000 });
    await stillSamePage(page, url);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshot(page, 'desk');
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, 'desk-phone');
    await context.close();
  });

  it('when other claims move several times a second, then an open /desk still shows this claim arrive within a second or two', async () => {
    const claim = await newClaim(checker.api);
    await moved(checker.api, claim.id, { to: 'in_progress' });
    await addEvidence(checker.api, claim.id);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, editor, `/desk?articleId=${claim.articleId}`);
    const queue = page.locator('[data-live-region="desk-review-queue"]');
    await eventually(async () => app.liveHub.streamsOf(editor.id) === 1, 5_000, 'the page’s EventSource is connected');
    // A busy newsroom: another claim's change every 50 ms, for longer than the wait below.
    let seq = 0;
    const busy = setInterval(() => {
      seq += 1;
      app.liveHub.onNotification(JSON.stringify({ seq: `${seq}`, claimId: crypto.randomUUID(), articleId: crypto.randomUUID(), status: 'in_progress', version: 2 }));
    }, 50);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await moved(checker.api, claim.id, proposal);
      await queue.locator(`a[href="/claims/${claim.id}"]`).waitFor({ timeout: 3000 });
    } finally {
      clearInterval(busy);
      await context.close();
    }
  });

  it("when an editor sends a claim back, then the checker's open /my shows it under sent back, and an open claim page shows the new status", async () => {
    const claim = await newClaim(checker.api);
    await moved(checker.api, claim.id, { to: 'in_progress' });
    await addEvidence(checker.api, claim.id);
    await moved(checker.api, claim.id, proposal);
    const context = await newContext(browser);
    const my = await context.newPage();
    await signInWithForm(my, app.baseUrl, checker, '/my');
    const claimPage = await context.newPage();
    await claimPage.goto(`${app.baseUrl}/claims/${claim.id}`);
    const [myUrl, claimUrl] = [my.url(), claimPage.url()];
    const sentBack = my.locator('[data-live-region="my-sent-back"]');
    assert.equal(await sentBack.locator(`a[href="/claims/${claim.id}"]`).count(), 0);
    assert.equal(await my.locator('[data-live-region="my-holding"]').locator(`a[href="/claims/${claim.id}"]`).count(), 1);
    await Promise.all([markPage(my), markPage(claimPage)]);
    await eventually(async () => app.liveHub.streamsOf(checker.id) === 2, 5_000, 'both pages’ EventSources are connected');
    await moved(editor.api, claim.id, { to: 'in_progress', note: 'The rationale needs the 2023 budget.' });
    await sentBack.locator(`a[href="/claims/${claim.id}"]`).waitFor({ timeout: 5000 });
    await claimPage.waitForFunction(() => document.querySelector('main')!.textContent!.includes('in progress'), undefined, { timeout: 5000 });
    await stillSamePage(my, myUrl);
    await stillSamePage(claimPage, claimUrl);
    assert.deepEqual(await seriousAccessibilityViolations(my), []);
    await screenshot(my, 'my');
    await context.close();
  });

  it('when a checker asks for /desk, then they are refused; a claimant typed as a filter comes back escaped, and an out-of-range filter is the API 422 problem', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, checker, '/my');
    const refused = await page.goto(`${app.baseUrl}/desk`);
    assert.equal(refused?.status(), 403);
    await context.close();
    const editorContext = await newContext(browser);
    const desk = await editorContext.newPage();
    await signInWithForm(desk, app.baseUrl, editor, '/desk');
    const typed = '<img src=x onerror=alert(1)>';
    await desk.goto(`${app.baseUrl}/desk?claimant=${encodeURIComponent(typed)}`);
    assert.equal(await desk.getByLabel('Claimant').inputValue(), typed);
    assert.equal(await desk.locator('img[src=x]').count(), 0);
    const bad = await desk.goto(`${app.baseUrl}/desk?staleDays=100000`);
    assert.equal(bad?.status(), 422, "the same validation problem as the API, as a page");
    await editorContext.close();
  });
});
