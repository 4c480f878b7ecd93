import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { personWithPassword, sessionOpens, signInWithFetch } from '../support/web';

const form = (fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

describe('disabling people, ending sessions and set-password links (API)', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app?.close();
  });

  it('when an admin disables a person, then their token and their session stop at once and their password signs nobody in; enabling brings the token back, not the session', async () => {
    const admin = await app.user('admin');
    const checker = await personWithPassword(app, 'checker');
    const cookie = await signInWithFetch(app.baseUrl, checker);
    assert.equal(await sessionOpens(app.baseUrl, cookie), true);

    const disabled = await admin.api.post(`/api/v1/users/${checker.id}/disable`);
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    assert.ok(disabled.body.disabledAt);
    assert.equal(await sessionOpens(app.baseUrl, cookie), false, 'the session ended');
    assertProblem(await checker.api.get('/api/v1/me'), 401, 'unauthenticated');
    await assert.rejects(signInWithFetch(app.baseUrl, checker), /sign-in failed: 401/);
    const [row] = (await app.db.dataSource.query(`SELECT ended_why FROM web_sessions WHERE user_id = $1`, [checker.id])) as Array<{ ended_why: string }>;
    assert.equal(row?.ended_why, 'person-disabled');

    const enabled = await admin.api.post(`/api/v1/users/${checker.id}/enable`);
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.disabledAt, null);
    assert.equal((await checker.api.get('/api/v1/me')).status, 200, 'the token was not revoked');
    assert.equal(await sessionOpens(app.baseUrl, cookie), false, 'the old session stays ended');
  });

  it('when someone who is not an admin disables, enables, ends sessions or makes a link, then 403 and nothing changes', async () => {
    const target = await personWithPassword(app, 'checker');
    const cookie = await signInWithFetch(app.baseUrl, target);
    for (const role of ['checker', 'editor'] as const) {
      const someone = await app.user(role);
      for (const action of ['disable', 'enable', 'sessions/end', 'password-link']) {
        assertProblem(await someone.api.post(`/api/v1/users/${target.id}/${action}`), 403, 'forbidden');
      }
    }
    assertProblem(await app.anonymous.post(`/api/v1/users/${target.id}/disable`), 401, 'unauthenticated');
    assert.equal(await sessionOpens(app.baseUrl, cookie), true);
    assert.equal((await target.api.get('/api/v1/me')).status, 200);
  });

  it('when an admin ends a person’s sessions, then every browser of theirs is signed out and their token still works', async () => {
    const admin = await app.user('admin');
    const editor = await personWithPassword(app, 'editor');
    const cookies = [await signInWithFetch(app.baseUrl, editor), await signInWithFetch(app.baseUrl, editor)];
    const ended = await admin.api.post(`/api/v1/users/${editor.id}/sessions/end`);
    assert.equal(ended.status, 200);
    assert.deepEqual(ended.body, { endedSessions: 2 });
    for (const cookie of cookies) assert.equal(await sessionOpens(app.baseUrl, cookie), false);
    assert.equal((await editor.api.get('/api/v1/me')).status, 200);
    assertProblem(await admin.api.post('/api/v1/users/00000000-0000-4000-8000-000000000000/sessions/end'), 404, 'not-found');
  });

  it('when an admin revokes a person’s token, then that token stops and their browser session goes on (only disabling ends both)', async () => {
    const admin = await app.user('admin');
    const checker = await personWithPassword(app, 'checker');
    const cookie = await signInWithFetch(app.baseUrl, checker);
    assert.equal((await admin.api.post(`/api/v1/tokens/${checker.tokenId}/revoke`)).status, 200);
    assertProblem(await checker.api.get('/api/v1/me'), 401, 'unauthenticated');
    assert.equal(await sessionOpens(app.baseUrl, cookie), true);
  });

  it('when a person opens their set-password link, then their new password signs them in, their old sessions end and the link works once', async () => {
    const admin = await app.user('admin');
    const checker = await personWithPassword(app, 'checker');
    const oldCookie = await signInWithFetch(app.baseUrl, checker);
    const issued = await admin.api.post(`/api/v1/users/${checker.id}/password-link`);
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const url = new URL(issued.body.url as string);
    assert.equal(url.origin, app.baseUrl);
    assert.equal(url.pathname, '/password');
    assert.ok(Date.parse(issued.body.expiresAt as string) > Date.now());
    const stored = (await app.db.dataSource.query(`SELECT secret_sha256 FROM password_links WHERE user_id = $1`, [checker.id])) as Array<{ secret_sha256: string }>;
    assert.ok(!JSON.stringify(stored).includes(url.searchParams.get('token')!), 'only a hash is stored');

    const opened = await fetch(url);
    assert.equal(opened.status, 200);
    assert.match(await opened.text(), new RegExp(checker.name));
    const tooShort = await fetch(`${app.baseUrl}/password`, form({ token: url.searchParams.get('token')!, password: 'short', passwordAgain: 'short' }));
    assert.equal(tooShort.status, 422);
    assert.match(await tooShort.text(), /A password has 10 to 200 characters\./);

    const newPassword = 'my own new password';
    const set = await fetch(`${app.baseUrl}/password`, form({ token: url.searchParams.get('token')!, password: newPassword, passwordAgain: newPassword }));
    assert.equal(set.status, 303);
    assert.equal(set.headers.get('location'), '/my');
    assert.equal(await sessionOpens(app.baseUrl, /^(ct_session=[^;]+)/.exec(set.headers.get('set-cookie') ?? '')![1]!), true, 'signed in at once');
    assert.equal(await sessionOpens(app.baseUrl, oldCookie), false, 'the session from before the change ended');
    await assert.rejects(signInWithFetch(app.baseUrl, checker), /401/, 'the old password is gone');
    await signInWithFetch(app.baseUrl, { name: checker.name, password: newPassword });

    const reused = await fetch(`${app.baseUrl}/password`, form({ token: url.searchParams.get('token')!, password: 'another password!', passwordAgain: 'another password!' }));
    assert.equal(reused.status, 404);
    assert.equal((await fetch(url)).status, 404);
  });

  it('when a newer link is made, or the person is disabled, then the earlier link opens nothing, and a disabled person gets no new link', async () => {
    const admin = await app.user('admin');
    const checker = await personWithPassword(app, 'checker');
    const first = new URL((await admin.api.post(`/api/v1/users/${checker.id}/password-link`)).body.url as string);
    const second = new URL((await admin.api.post(`/api/v1/users/${checker.id}/password-link`)).body.url as string);
    assert.equal((await fetch(first)).status, 404);
    assert.equal((await fetch(second)).status, 200);
    await admin.api.post(`/api/v1/users/${checker.id}/disable`);
    assert.equal((await fetch(second)).status, 404);
    assertProblem(await admin.api.post(`/api/v1/users/${checker.id}/password-link`), 409, 'person-disabled');
  });

  it('when the last enabled admin would be disabled, then 409 last-admin; with a second admin it works', { skip: Boolean(process.env.DATABASE_URL) && 'needs a database of its own: other tests make admins' }, async () => {
    const admins = (await app.db.dataSource.query(`SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL`)) as Array<{ id: string }>;
    const keep = await app.user('admin');
    for (const { id } of admins) assert.equal((await keep.api.post(`/api/v1/users/${id}/disable`)).status, 200);
    assertProblem(await keep.api.post(`/api/v1/users/${keep.id}/disable`), 409, 'last-admin');
    const other = await app.user('admin');
    assert.equal((await other.api.post(`/api/v1/users/${keep.id}/disable`)).status, 200);
    assertProblem(await other.api.post(`/api/v1/users/${other.id}/disable`), 409, 'last-admin');
  });
});
