import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { issueSetupLinkIfNoAdmin } from '../../src/password-links/password-links.service';
import { launchBrowser, newContext, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { captureLog } from '../support/log-capture';
import { startTestApp, type TestApp } from '../support/test-app';

// A database with no admin is one nobody else uses: on a shared PostgreSQL other tests make admins.
const ownDatabase = !process.env.DATABASE_URL;

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

describe('the first-run setup link', { skip: !ownDatabase && 'needs a fresh embedded database' }, () => {
  let app: TestApp;
  let browser: Browser;
  const log = captureLog();

  before(async () => {
    [app, browser] = await Promise.all([startTestApp({ logLevel: 'info' }, { logTo: log.stream }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const admins = async () => (await app.db.dataSource.query(`SELECT name FROM users WHERE role = 'admin'`)) as Array<{ name: string }>;

  it('when a fresh database starts, then the log carries a link that creates the first admin in the browser and signs them in', async () => {
    const line = log.lines().find((found) => typeof found.setupUrl === 'string');
    assert.ok(line, `a setup link is logged:\n${log.text()}`);
    assert.equal(line.level, 30, 'at info level: the start is not a warning');
    const url = new URL(line.setupUrl as string);
    assert.equal(url.origin, app.baseUrl);
    assert.match(line.msg ?? '', new RegExp(url.searchParams.get('token')!), 'the message itself holds the whole link');

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(url.href);
    assert.equal(await page.locator('h1').innerText(), 'Set up the desk');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByLabel('Your name').fill('Sari Admin');
    await page.getByLabel('Password (at least 10 characters)').fill('a long enough password');
    await page.getByLabel('Password again').fill('a long enough passworD');
    await page.getByRole('button', { name: 'Create the admin and sign in' }).click();
    assert.equal(await page.locator('#passwordAgain-error').innerText(), 'The two passwords differ.');
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Sari Admin', 'what was typed stays');
    await screenshot(page, 'setup-passwords-differ');

    await page.getByLabel('Password (at least 10 characters)').fill('a long enough password');
    await page.getByLabel('Password again').fill('a long enough password');
    await Promise.all([page.waitForURL((next) => next.pathname === '/desk'), page.getByRole('button', { name: 'Create the admin and sign in' }).click()]);
    await page.goto(`${app.baseUrl}/account`);
    assert.match(await page.locator('main').innerText(), /Signed in as Sari Admin \(admin\)/);
    assert.deepEqual(await admins(), [{ name: 'Sari Admin' }]);

    const again = await fetch(url, { redirect: 'manual' });
    assert.equal(again.status, 404, 'the link is used up, and there is an admin now');
    await context.close();
  });

  it('when an admin exists, then /setup answers 404 whatever the token, and a new start logs no link', async () => {
    for (const token of ['', 'x'.repeat(43), 'not-a-token', 'A'.repeat(5000)]) {
      const response = await fetch(`${app.baseUrl}/setup?token=${token}`);
      assert.equal(response.status, 404, token.slice(0, 20));
    }
    const post = await fetch(`${app.baseUrl}/setup`, form({ token: 'x'.repeat(43), name: 'Mallory', password: 'mallory-password', passwordAgain: 'mallory-password' }));
    assert.equal(post.status, 404);
    assert.equal(await issueSetupLinkIfNoAdmin(app.db.dataSource.manager), null, 'no link while an admin exists');
    assert.deepEqual(await admins(), [{ name: 'Sari Admin' }]);
  });

  it('when two setup posts race with one link, then exactly one admin is created and the other gets 404', async () => {
    // Back to a database with no admin (the first test's admin has no tokens to keep it).
    await app.db.dataSource.query(`DELETE FROM users WHERE role = 'admin'`);
    const link = await issueSetupLinkIfNoAdmin(app.db.dataSource.manager);
    assert.ok(link);
    const answers = await Promise.all(
      ['Racer One', 'Racer Two', 'Racer Three'].map((name) =>
        fetch(`${app.baseUrl}/setup`, form({ token: link.secret, name, password: 'racing password', passwordAgain: 'racing password' })),
      ),
    );
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [303, 404, 404]);
    const winner = answers.find((answer) => answer.status === 303)!;
    assert.match(winner.headers.get('set-cookie') ?? '', /^ct_session=[A-Za-z0-9_-]{43};.*HttpOnly/);
    assert.equal((await admins()).length, 1);
  });

  it('when a new start finds no admin, then it makes a new link and the old one stops working', async () => {
    await app.db.dataSource.query(`DELETE FROM web_sessions`);
    await app.db.dataSource.query(`DELETE FROM users WHERE role = 'admin'`);
    const first = await issueSetupLinkIfNoAdmin(app.db.dataSource.manager);
    const second = await issueSetupLinkIfNoAdmin(app.db.dataSource.manager);
    assert.equal((await fetch(`${app.baseUrl}/setup?token=${first!.secret}`)).status, 404);
    assert.equal((await fetch(`${app.baseUrl}/setup?token=${second!.secret}`)).status, 200);
  });
});
