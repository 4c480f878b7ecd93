import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app';
import { personWithPassword, sessionOpens, signInWithFetch, type WebPerson } from '../support/web';

describe('session cookies and expiry behind https', () => {
  let app: TestApp;
  let editor: WebPerson;

  before(async () => {
    app = await startTestApp({ publicBaseUrl: 'https://desk.example', session: { idleMinutes: 30, maxHours: 12 } });
    editor = await personWithPassword(app, 'editor');
  });
  after(async () => {
    await app?.close();
  });

  const sessionIdOf = async (cookie: string): Promise<string> => {
    const [row] = (await app.db.dataSource.query(`SELECT id FROM web_sessions WHERE secret_sha256 = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [
      cookie.split('=')[1],
    ])) as Array<{ id: string }>;
    return row!.id;
  };

  it('when PUBLIC_BASE_URL is https, then the session cookie is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain', async () => {
    const response = await fetch(`${app.baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: editor.name, password: editor.password }).toString(),
      redirect: 'manual',
    });
    assert.equal(response.status, 303);
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^__Host-ct_session=[A-Za-z0-9_-]{43};/);
    const attributes = setCookie.split(';').slice(1).map((part) => part.trim().toLowerCase());
    for (const wanted of ['secure', 'httponly', 'samesite=lax', 'path=/']) assert.ok(attributes.includes(wanted), `${wanted} in ${setCookie}`);
    assert.ok(!attributes.some((attribute) => attribute.startsWith('domain')), 'no Domain');
    assert.equal(await sessionOpens(app.baseUrl, setCookie.split(';')[0]!), true);
    assert.equal(await sessionOpens(app.baseUrl, setCookie.split(';')[0]!.replace('__Host-', '')), false, 'the unprefixed name is not read');
  });

  it('when a browser signs in again, then it gets a new session id and the one it had (perhaps planted) ends', async () => {
    const first = await signInWithFetch(app.baseUrl, editor);
    const response = await fetch(`${app.baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first },
      body: new URLSearchParams({ name: editor.name, password: editor.password }).toString(),
      redirect: 'manual',
    });
    const second = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.notEqual(second, first);
    assert.notEqual(await sessionIdOf(second), await sessionIdOf(first));
    assert.equal(await sessionOpens(app.baseUrl, first), false);
    assert.equal(await sessionOpens(app.baseUrl, second), true);
  });

  it('when a session has been idle longer than SESSION_IDLE_MINUTES, then its cookie opens nothing', async () => {
    const cookie = await signInWithFetch(app.baseUrl, editor);
    const id = await sessionIdOf(cookie);
    await app.db.dataSource.query(`UPDATE web_sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [id]);
    assert.equal(await sessionOpens(app.baseUrl, cookie), true, 'within the idle time it works (and is seen again)');
    await app.db.dataSource.query(`UPDATE web_sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [id]);
    assert.equal(await sessionOpens(app.baseUrl, cookie), false);
  });

  it('when a session reaches its absolute end, then its cookie opens nothing however busy it was', async () => {
    const cookie = await signInWithFetch(app.baseUrl, editor);
    const id = await sessionIdOf(cookie);
    const [row] = (await app.db.dataSource.query(`SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM web_sessions WHERE id = $1`, [
      id,
    ])) as Array<{ hours: number }>;
    assert.equal(row!.hours, 12, 'SESSION_MAX_HOURS after sign-in');
    await app.db.dataSource.query(`UPDATE web_sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = $1`, [id]);
    assert.equal(await sessionOpens(app.baseUrl, cookie), false);
  });
});
