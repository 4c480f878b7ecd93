import type { Page } from 'playwright-core';
import type { Role } from '../../src/users/role';
import { setPassword } from '../../src/web/sign-in.service';
import { uniqueToken } from './factories';
import type { TestApp, TestUser } from './test-app';

export type WebPerson = TestUser & { password: string };

/** A new person with this role who can sign in to the pages (and use the API with their token). */
export async function personWithPassword(app: TestApp, role: Role): Promise<WebPerson> {
  const person = await app.user(role);
  const password = `pw-${uniqueToken()}-${uniqueToken()}`;
  await setPassword(app.db.dataSource.manager, person.id, password);
  return { ...person, password };
}

/** Signs in through the login form, as a person would, and waits for the page it lands on. */
export async function signInWithForm(page: Page, baseUrl: string, person: Pick<WebPerson, 'name' | 'password'>, next?: string): Promise<void> {
  await page.goto(`${baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Password').fill(person.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** Selects `words` inside the article's text the way a mouse would: a DOM range over the text node holding them. */
export async function selectInArticle(page: Page, words: string): Promise<void> {
  await page.evaluate((target) => {
    const body = document.getElementById('article-body')!;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf(target);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + target.length);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
        return;
      }
    }
    throw new Error(`"${target}" is not in one text node of the article`);
  }, words);
}

/** Signs in by posting the login form without a browser; answers the Cookie header of the new session. */
export async function signInWithFetch(baseUrl: string, person: Pick<WebPerson, 'name' | 'password'>): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: person.name, password: person.password }).toString(),
    redirect: 'manual',
  });
  const cookie = /^((?:__Host-)?ct_session=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie;
}

/** Whether a session cookie still opens a signed-in page (else the page sends the browser to sign in). */
export async function sessionOpens(baseUrl: string, cookie: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/account`, { headers: { cookie }, redirect: 'manual' });
  if (response.status !== 200 && response.status !== 303) throw new Error(`unexpected ${response.status} from /account`);
  return response.status === 200;
}
