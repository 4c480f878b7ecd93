import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { uniqueToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { personWithPassword, signInWithFetch, signInWithForm, type WebPerson } from '../support/web';

describe('the admins’ people page', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: WebPerson;
  let adminContext: BrowserContext;
  let adminPage: Page;
  // Tags in a name must come out as text; the CSP would stop the handler anyway, escaping stops the tag.
  const newName = `Dewi <img src=x onerror=alert(1)> ${uniqueToken()}`;
  let newcomerId: string;

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    admin = await personWithPassword(app, 'admin');
    adminContext = await newContext(browser);
    adminPage = await adminContext.newPage();
    await signInWithForm(adminPage, app.baseUrl, admin, '/account');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('when an admin adds a person, then the page shows a one-time link with which that person chooses a password and is signed in', async () => {
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await adminPage.waitForURL((url) => url.pathname === '/admin/people');
    assert.deepEqual(await seriousAccessibilityViolations(adminPage), []);
    await adminPage.getByLabel('Name', { exact: true }).fill(newName);
    await adminPage.getByLabel('Role').selectOption({ label: 'checker' });
    await adminPage.getByRole('button', { name: 'Add and make their link' }).click();
    assert.equal(await adminPage.locator('h1').innerText(), `A set-password link for ${newName}`);
    const link = await adminPage.getByLabel('The link').inputValue();
    assert.match(link, new RegExp(`^${app.baseUrl}/password\\?token=[A-Za-z0-9_-]{43}$`));
    await screenshot(adminPage, 'people-link');
    const [newcomer] = (await app.db.dataSource.query(`SELECT id FROM users WHERE name = $1`, [newName])) as Array<{ id: string }>;
    newcomerId = newcomer!.id;

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(link);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByLabel('Password (at least 10 characters)').fill('newcomer password');
    await page.getByLabel('Password again').fill('newcomer password');
    await Promise.all([page.waitForURL((url) => url.pathname === '/my'), page.getByRole('button', { name: 'Save the password and sign in' }).click()]);
    await page.goto(`${app.baseUrl}/account`);
    assert.ok((await page.locator('main').innerText()).includes(`Signed in as ${newName} (checker)`));
    await context.close();

    await adminPage.goto(`${app.baseUrl}/admin/people`);
    const row = adminPage.getByRole('row').filter({ hasText: newName });
    assert.match(await row.innerText(), /enabled/);
    assert.match(await row.innerText(), /password set/);
    assert.equal(await adminPage.locator('table img').count(), 0, 'the name is text, not a tag');
  });

  it('when an admin disables a person with the button, then that person’s open browser is signed out at once', async () => {
    const person = await personWithPassword(app, 'editor');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithForm(page, app.baseUrl, person, '/account');

    await adminPage.goto(`${app.baseUrl}/admin/people`);
    await Promise.all([
      adminPage.waitForURL((url) => url.pathname === '/admin/people'),
      adminPage.getByRole('button', { name: `Disable ${person.name}` }).click(),
    ]);
    assert.match(await adminPage.getByRole('row').filter({ hasText: person.name }).innerText(), /disabled since/);
    await adminPage.setViewportSize({ width: 360, height: 800 });
    await screenshot(adminPage, 'people-phone');
    await adminPage.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${app.baseUrl}/account`);
    assert.equal(new URL(page.url()).pathname, '/login');
    await context.close();
  });

  it('when a people form is posted from another site or without the form token, then 403 and nobody changes', async () => {
    const cookies = await adminContext.cookies();
    const cookie = cookies.map((found) => `${found.name}=${found.value}`).join('; ');
    await adminPage.goto(`${app.baseUrl}/admin/people`);
    const csrf = await adminPage.locator('input[name=_csrf]').first().inputValue();
    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${app.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
    const target = `/admin/people/${admin.id}/password-link`;
    assert.equal((await post(target, { _csrf: csrf }, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await post(target, { _csrf: csrf }, { 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await post(target, {})).status, 403);
    assert.equal((await post('/admin/people', { _csrf: 'x'.repeat(43), name: `Forged ${uniqueToken()}`, role: 'admin' })).status, 403);
    const [row] = (await app.db.dataSource.query(`SELECT count(*)::int AS links FROM password_links WHERE user_id = $1`, [admin.id])) as Array<{ links: number }>;
    assert.equal(row!.links, 0);
    assert.equal((await post(`/admin/people/${newcomerId}/enable`, { _csrf: csrf })).status, 303, 'with its token the same form works');
  });

  it('when the name is already taken, then the people page comes back with the error beside the field and what was typed', async () => {
    await adminPage.goto(`${app.baseUrl}/admin/people`);
    await adminPage.getByLabel('Name', { exact: true }).fill(admin.name.toUpperCase());
    await adminPage.getByRole('button', { name: 'Add and make their link' }).click();
    assert.match(await adminPage.locator('#name-error').innerText(), /already exists/);
    assert.equal(await adminPage.getByLabel('Name', { exact: true }).inputValue(), admin.name.toUpperCase());
    assert.deepEqual(await seriousAccessibilityViolations(adminPage), []);
  });

  it('when someone who is not an admin opens the people page, then 403; signed out, to the sign-in page', async () => {
    const checker = await personWithPassword(app, 'checker');
    const cookie = await signInWithFetch(app.baseUrl, checker);
    assert.equal((await fetch(`${app.baseUrl}/admin/people`, { headers: { cookie }, redirect: 'manual' })).status, 403);
    const anonymous = await fetch(`${app.baseUrl}/admin/people`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get('location'), '/login?next=%2Fadmin%2Fpeople');
  });
});
