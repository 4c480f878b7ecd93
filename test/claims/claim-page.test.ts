import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { createArticle, createClaim, uniqueToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { personWithPassword, selectInArticle, signInWithForm, type WebPerson } from '../support/web';
import { watchForScripts, xssPayloads, xssText } from '../support/xss';

/** Opens a move's form on the claim page (a disclosure) and returns it. */
async function openMove(page: Page, name: string) {
  await page.locator('details.move summary', { hasText: name }).click();
  return page.locator('details.move[open] form');
}

async function postAndWait(page: Page, click: () => Promise<void>): Promise<number> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), click()]);
  await page.waitForLoadState('load');
  return response.status();
}

describe('the claim page', () => {
  let app: TestApp;
  let browser: Browser;
  let checker: WebPerson;
  let editor: WebPerson;
  let secondEditor: WebPerson;

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    [checker, editor, secondEditor] = await Promise.all([personWithPassword(app, 'checker'), personWithPassword(app, 'editor'), personWithPassword(app, 'editor')]);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('when a checker selects a claim, takes it, adds evidence and proposes, and an editor approves, then it is public; a second editor approving from a stale page is told who came first', async () => {
    const token = uniqueToken();
    const article = await createArticle(checker.api, { body: `Menteri berkata (${token}) bahwa impor beras turun 40 persen tahun ini. Data lain belum terbit.`, language: 'id' });
    const checkerContext = await newContext(browser);
    const page = await checkerContext.newPage();
    await signInWithForm(page, app.baseUrl, checker, `/articles/${article.id}`);
    await selectInArticle(page, 'impor beras turun 40 persen tahun ini');
    await page.getByRole('button', { name: 'New claim' }).click();
    await page.getByLabel('Claimant (who makes the claim)').fill('Menteri');
    await Promise.all([page.waitForURL(/\/claims\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Create the claim' }).click()]);
    const claimId = new URL(page.url()).pathname.split('/').pop()!;
    assert.deepEqual(await seriousAccessibilityViolations(page), [], 'unverified');
    await screenshot(page, 'claim-unverified');

    assert.equal(await postAndWait(page, async () => (await openMove(page, 'Take it')).getByRole('button', { name: 'Take it' }).click()), 303);
    assert.match(await page.locator('.facts').innerText(), /in progress/);

    await page.locator('summary', { hasText: 'Add evidence' }).click();
    await page.getByLabel('Address (URL)', { exact: true }).fill('https://stats.example/impor-beras-2026');
    await page.getByLabel('Title').fill('Impor beras 2026');
    await page.getByLabel('What it does to the claim').selectOption('refutes');
    assert.equal(await postAndWait(page, () => page.getByRole('button', { name: 'Add evidence' }).click()), 303);
    assert.equal(await page.locator('ul.evidence li').count(), 1);

    const propose = await openMove(page, 'Propose a verdict');
    await propose.locator('input[type="radio"]').first().check();
    await propose.getByLabel('Rationale (why this rating)').fill('Data BPS menunjukkan impor naik, bukan turun.');
    assert.equal(await postAndWait(page, () => propose.getByRole('button', { name: 'Propose a verdict' }).click()), 303);
    assert.match(await page.locator('.facts').innerText(), /in review/);
    assert.equal(await page.locator('details.move summary', { hasText: 'Approve' }).count(), 0, 'a checker is offered no approval');
    assert.deepEqual(await seriousAccessibilityViolations(page), [], 'in review');
    await screenshot(page, 'claim-in-review');

    const [editorContext, staleContext] = await Promise.all([newContext(browser), newContext(browser)]);
    const editorPage = await editorContext.newPage();
    const stalePage = await staleContext.newPage();
    await signInWithForm(editorPage, app.baseUrl, editor, `/claims/${claimId}`);
    await signInWithForm(stalePage, app.baseUrl, secondEditor, `/claims/${claimId}`);

    // The second editor is half-way through approving (live updates leave a form being filled in alone).
    const staleApprove = await openMove(stalePage, 'Approve and publish');
    await staleApprove.getByLabel('Note').fill('Setuju, datanya jelas.');

    const approve = await openMove(editorPage, 'Approve and publish');
    assert.equal(await postAndWait(editorPage, () => approve.getByRole('button', { name: 'Approve and publish' }).click()), 303);
    assert.match(await editorPage.locator('.facts').innerText(), /published/);

    assert.equal(await postAndWait(stalePage, () => staleApprove.getByRole('button', { name: 'Approve and publish' }).click()), 412);
    const notice = await stalePage.getByRole('alert').first().innerText();
    assert.match(notice, new RegExp(`${editor.name} changed this claim at .* \\(moved the claim\\)`));
    assert.match(await stalePage.locator('.kept-input').innerText(), /Setuju, datanya jelas\./, 'what the editor typed is still there');
    await screenshot(stalePage, 'claim-conflict');

    const publicAnswer = await fetch(`${app.baseUrl}/fact-checks/${claimId}`, { headers: { accept: 'application/ld+json' } });
    assert.equal(publicAnswer.status, 200);
    const review = (await publicAnswer.json()) as Record<string, unknown>;
    assert.equal(review['@type'], 'ClaimReview');
    await Promise.all([checkerContext.close(), editorContext.close(), staleContext.close()]);
  });

  it('when every text a claim page shows holds script, then nothing runs and no javascript: address is a link', async () => {
    const quote = `kata ${xssPayloads.closeScript} dia`;
    const article = await createArticle(checker.api, { body: `Pembukaan ${uniqueToken()}. ${quote}. Penutup.` });
    const claim = await createClaim(checker.api, article.id, {
      quote,
      claimant: xssText('claimant'),
      summary: 'summary <img src=x onerror=alert(1)>',
      sources: [{ name: xssText('source'), kind: 'person', note: xssText('note'), url: `https://x.example/${encodeURIComponent(xssPayloads.tag)}` }],
    });
    const evidence = await checker.api
      .post(`/api/v1/claims/${claim.id}/evidence`)
      .set('If-Match', `"v${claim.version}"`)
      .send({ url: 'https://e.example/a', title: xssText('title'), excerpt: xssText('excerpt'), note: xssText('evidence note'), stance: 'context' });
    assert.equal(evidence.status, 201, JSON.stringify(evidence.body));
    const context = await newContext(browser);
    const page = await context.newPage();
    const watcher = watchForScripts(page);
    await signInWithForm(page, app.baseUrl, checker, `/claims/${claim.id}`);
    assert.match(await page.locator('.facts').innerText(), /claimant <img src=x onerror/);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
    assert.deepEqual(await watcher.ran(), []);
    await context.close();
  });

  it('when a checker forges a move they may not make, or proposes without evidence, then the page says why and nothing changes', async () => {
    const article = await createArticle(checker.api);
    const claim = await createClaim(checker.api, article.id);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, checker, `/claims/${claim.id}`);
    assert.equal(await postAndWait(page, async () => (await openMove(page, 'Take it')).getByRole('button', { name: 'Take it' }).click()), 303);

    const propose = await openMove(page, 'Propose a verdict');
    await propose.locator('input[type="radio"]').first().check();
    await propose.getByLabel('Rationale (why this rating)').fill('Tanpa bukti.');
    assert.equal(await postAndWait(page, () => propose.getByRole('button', { name: 'Propose a verdict' }).click()), 422);
    assert.match(await page.locator('details.move[open] .error-summary').innerText(), /Attach at least one piece of evidence/);
    assert.equal(await page.getByLabel('Rationale (why this rating)').inputValue(), 'Tanpa bukti.', 'the input is kept');

    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const version = await page.locator('input[name="version"]').first().inputValue();
    const forged = await page.request.post(`${app.baseUrl}/claims/${claim.id}/transitions`, {
      form: { _csrf: csrf, version, to: 'published', note: 'x' },
      headers: { origin: app.baseUrl },
      maxRedirects: 0,
    });
    assert.equal(forged.status(), 409, 'no move leads from in progress to published: the table decides, not the page');
    assert.match(await forged.text(), /cannot move to published/);
    const current = (await checker.api.get(`/api/v1/claims/${claim.id}`)).body as { status: string };
    assert.equal(current.status, 'in_progress');
    await context.close();
  });
});
