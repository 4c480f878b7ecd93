import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { personWithPassword, signInWithForm, type WebPerson } from '../support/web';

describe('signing in to the pages', () => {
  let app: TestApp;
  let browser: Browser;
  let editor: WebPerson;

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    editor = await personWithPassword(app, 'editor');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('when a person signs in with their password, then their session cookie is HttpOnly and SameSite=Lax and the account page names them', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, editor, '/account');
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.match(await page.locator('main').innerText(), new RegExp(`Signed in as ${editor.name}`));
    const [cookie] = (await context.cookies()).filter((found) => found.name === 'ct_session');
    assert.ok(cookie, 'a session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    await screenshot(page, 'account');
    await context.close();
  });

  it('when the password is wrong or the name unknown, then the same message and no session', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    for (const [name, password] of [[editor.name, 'wrong-password-123'], ['nobody-by-this-name', editor.password]] as const) {
      await page.goto(`${app.baseUrl}/login`);
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Password').fill(password);
      const response = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]).then(([r]) => r);
      assert.equal(response.status(), 401);
      assert.equal(await page.getByRole('alert').innerText(), 'That name and password do not match.');
    }
    assert.equal((await context.cookies()).filter((found) => found.name === 'ct_session').length, 0);
    await screenshot(page, 'login-failed');
    await context.close();
  });

  it('when a page needs a session and there is none, then it sends the browser to sign in and back', async () => {
    const response = await fetch(`${app.baseUrl}/account`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/login?next=%2Faccount');
  });

  it('when a person signs out, then the old session cookie opens nothing', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, editor, '/account');
    const [cookie] = (await context.cookies()).filter((found) => found.name === 'ct_session');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    const replayed = await fetch(`${app.baseUrl}/account`, { headers: { cookie: `ct_session=${cookie!.value}` }, redirect: 'manual' });
    assert.equal(replayed.status, 303, 'the ended session is not accepted');
    await context.close();
  });

  it('when a signed-in form is posted from another origin, then it is refused and the session stays', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, editor, '/account');
    const [cookie] = (await context.cookies()).filter((found) => found.name === 'ct_session');
    const forged = await fetch(`${app.baseUrl}/logout`, {
      method: 'POST',
      headers: { cookie: `ct_session=${cookie!.value}`, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '_csrf=guess',
      redirect: 'manual',
    });
    assert.equal(forged.status, 403);
    const withoutToken = await fetch(`${app.baseUrl}/logout`, {
      method: 'POST',
      headers: { cookie: `ct_session=${cookie!.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    assert.equal(withoutToken.status, 403, 'a same-origin post without the form token is refused too');
    await page.goto(`${app.baseUrl}/account`);
    assert.equal(new URL(page.url()).pathname, '/account', 'still signed in');
    await context.close();
  });

  it('when the sign-in page is checked with axe, then it has no serious or critical violation, in English and in Indonesian', async () => {
    const context = await newContext(browser, { locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/login`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
    assert.equal(await page.locator('h1').innerText(), 'Masuk');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    assert.equal(await page.locator('h1').innerText(), 'Sign in');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshot(page, 'login');
    await context.close();
  });
});
