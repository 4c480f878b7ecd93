import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import supertest from 'supertest';
import { loadConfig, type Config } from '../../src/config/config';
import { openDatabase } from '../../src/database/database';
import { createLogger } from '../../src/http/logging';
import { startServer } from '../../src/server';
import { createUser, issueToken } from '../../src/users/users.service';
import { removeEmbeddedCopy, testDatabaseConfig } from '../support/databases';
import { assertProblem, uniqueToken } from '../support/factories';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

const tokenFormat = /^ct_[A-Za-z0-9_-]{43}$/;
const unknownId = '00000000-0000-4000-8000-000000000000';
const hashOf = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');
const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

type TokenJson = {
  id: string;
  userId: string;
  prefix: string;
  label: string | null;
  issuedVia: string;
  issuedBy: string | null;
  mustReplace: boolean;
  createdAt: string;
  revokedAt: string | null;
  revokedVia: string | null;
  revokedBy: string | null;
};
type IssuedJson = TokenJson & { secret: string };

describe('users and tokens', () => {
  let app: TestApp;
  let admin: TestUser;
  before(async () => {
    app = await startTestApp();
    admin = await app.user('admin');
  });
  after(() => app.close());

  const uniqueName = () => `Rina Wijaya ${uniqueToken()}`;

  async function createPerson(body: Record<string, unknown> = {}): Promise<{ user: { id: string; name: string; role: string }; token: IssuedJson }> {
    const response = await admin.api.post('/api/v1/users').send({ name: uniqueName(), role: 'checker', ...body });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  }

  /** The person's own token, made with `secret` (a first token is replaced by it). */
  async function ownToken(secret: string, body: Record<string, unknown> = {}): Promise<IssuedJson> {
    const response = await app.anonymous.post('/api/v1/me/tokens').set(bearer(secret)).send(body);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as IssuedJson;
  }

  const me = (secret: string) => app.anonymous.get('/api/v1/me').set(bearer(secret));

  describe('POST /api/v1/users', () => {
    it('when an admin creates a user, then 201 with the user, its first (must-replace) token’s metadata and the secret, and Location reads the user back', async () => {
      const name = uniqueName();
      const response = await admin.api.post('/api/v1/users').send({ name, role: 'editor' });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      const { user, token } = response.body as { user: Record<string, unknown>; token: IssuedJson };
      assert.deepEqual(Object.keys(response.body).sort(), ['token', 'user']);
      assert.deepEqual({ name: user.name, role: user.role }, { name, role: 'editor' });
      assert.ok(!Number.isNaN(Date.parse(String(user.createdAt))));
      assert.match(token.secret, tokenFormat);
      assert.deepEqual(
        { userId: token.userId, prefix: token.prefix, label: token.label, revokedAt: token.revokedAt, issuedVia: token.issuedVia, issuedBy: token.issuedBy, mustReplace: token.mustReplace },
        { userId: user.id, prefix: token.secret.slice(0, 10), label: 'first token', revokedAt: null, issuedVia: 'admin', issuedBy: admin.id, mustReplace: true },
      );
      assert.equal(response.headers.location, `/api/v1/users/${user.id}`);
      const read = await admin.api.get(response.headers.location as string);
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.deepEqual(read.body, user);
    });

    it('when the new user’s token is sent, then /me names that user, role and token', async () => {
      const { user, token } = await createPerson({ role: 'checker' });
      const response = await me(token.secret);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual({ ...response.body, token: response.body.token.id }, { id: user.id, name: user.name, role: 'checker', token: token.id });
    });

    it('when a name differs from a taken one only in Unicode normalisation, then 409 duplicate-user, and names are stored NFC', async () => {
      const base = `Budi ${uniqueToken()}`;
      const decomposed = `${base} Rene\u0301`; // e + combining acute
      const created = await admin.api.post('/api/v1/users').send({ name: decomposed, role: 'checker' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.user.name, `${base} Ren\u00e9`, 'stored precomposed');
      for (const variant of [`${base} Ren\u00e9`, `${base} REN\u00c9`, decomposed.toUpperCase()]) {
        const response = await admin.api.post('/api/v1/users').send({ name: variant, role: 'editor' });
        assertProblem(response, 409, 'duplicate-user');
        assert.equal(response.body.existingUserId, created.body.user.id, JSON.stringify(variant));
      }
    });

    it('when a name holds a control, bidi or invisible formatting character, then 422 names the field and no user is created', async () => {
      const base = `Ayu ${uniqueToken()}`;
      const spoofs = ['\n', '\t', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u202e', '\u202a', '\u2066', '\u2069', '\u200b', '\u200f', '\ufeff', '\u2028', '\u00ad'];
      for (const spoof of spoofs) {
        const name = `${base}${spoof}x`;
        const response = await admin.api.post('/api/v1/users').send({ name, role: 'checker' });
        assertProblem(response, 422, 'validation-failed');
        assert.deepEqual(response.body.errors.map((error: { pointer: string }) => error.pointer), ['#/name'], JSON.stringify(spoof));
      }
      const listed = (await admin.api.get('/api/v1/users')).body.items as Array<{ name: string }>;
      assert.ok(!listed.some((item) => item.name.startsWith(base)), 'nobody was created');
    });

    it('when the name is taken in another case, then 409 duplicate-user naming the existing user, and no second user exists', async () => {
      const name = uniqueName();
      const { user } = await createPerson({ name });
      for (const variant of [name.toUpperCase(), name.toLowerCase(), name]) {
        const response = await admin.api.post('/api/v1/users').send({ name: variant, role: 'admin' });
        assertProblem(response, 409, 'duplicate-user');
        assert.equal(response.body.existingUserId, user.id);
        assert.equal(response.body.token, undefined, 'no token was issued');
      }
      const listed = (await admin.api.get('/api/v1/users')).body.items as Array<{ name: string; role: string }>;
      assert.deepEqual(
        listed.filter((item) => item.name.toLowerCase() === name.toLowerCase()).map((item) => item.role),
        ['checker'],
      );
    });

    it('when the role is not checker, editor or admin, then 422 names the role and no user is created', async () => {
      const name = uniqueName();
      for (const role of ['superuser', 'Admin', '', 5, null, undefined]) {
        const response = await admin.api.post('/api/v1/users').send({ name, role });
        assertProblem(response, 422, 'validation-failed');
        assert.deepEqual(
          [...new Set((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer))],
          ['#/role'],
          JSON.stringify(role),
        );
      }
      const listed = (await admin.api.get('/api/v1/users')).body.items as Array<{ name: string }>;
      assert.ok(!listed.some((item) => item.name === name));
    });

    it('when the body has fields the API does not know, then 422 names them and nothing is created', async () => {
      const name = uniqueName();
      const response = await admin.api.post('/api/v1/users').send({ name, role: 'checker', isAdmin: true, secret: 'ct_mine' });
      assertProblem(response, 422, 'validation-failed');
      assert.deepEqual((response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer).sort(), ['#/isAdmin', '#/secret']);
      const listed = (await admin.api.get('/api/v1/users')).body.items as Array<{ name: string }>;
      assert.ok(!listed.some((item) => item.name === name));

      const { user } = await createPerson();
      const chosen = await admin.api.post(`/api/v1/users/${user.id}/tokens`).send({ label: 'laptop', secret: 'ct_chosen-by-the-client' });
      assertProblem(chosen, 422, 'validation-failed');
      assert.deepEqual((chosen.body.errors as Array<{ pointer: string }>).map((error) => error.pointer), ['#/secret']);
      assert.equal((await admin.api.get(`/api/v1/users/${user.id}/tokens`)).body.items.length, 1);
    });
  });

  describe('tokens', () => {
    it('when an admin lists a user’s tokens, then they are described without the secret or its hash', async () => {
      const { user, token: first } = await createPerson();
      const second = await ownToken(first.secret, { label: 'phone' });
      const response = await admin.api.get(`/api/v1/users/${user.id}/tokens`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const items = response.body.items as TokenJson[];
      assert.deepEqual(items.map((item) => [item.id, item.label, item.prefix]), [
        [first.id, 'first token', first.secret.slice(0, 10)],
        [second.id, 'phone', second.secret.slice(0, 10)],
      ]);
      const fields = ['createdAt', 'createdWithTokenId', 'id', 'issuedBy', 'issuedVia', 'label', 'mustReplace', 'prefix', 'revokedAt', 'revokedBy', 'revokedVia', 'userId'];
      for (const item of items) assert.deepEqual(Object.keys(item).sort(), fields);
      for (const secret of [first.secret, second.secret]) {
        assert.ok(!response.text.includes(secret.slice(10)), 'the secret (beyond its prefix) is not in the list');
        assert.ok(!response.text.includes(hashOf(secret)), 'the hash is not in the list');
      }
    });

    it('when the user id is unknown, then listing or issuing tokens answers 404', async () => {
      assertProblem(await admin.api.get(`/api/v1/users/${unknownId}/tokens`), 404, 'not-found');
      assertProblem(await admin.api.post(`/api/v1/users/${unknownId}/tokens`).send({}), 404, 'not-found');
      assertProblem(await admin.api.get(`/api/v1/users/${unknownId}`), 404, 'not-found');
    });

    it('when an admin revokes a token, then it gets 401 while the user’s other token still works', async () => {
      const { user, token: firstToken } = await createPerson();
      const first = await ownToken(firstToken.secret);
      const second = await ownToken(first.secret);
      const revoked = await admin.api.post(`/api/v1/tokens/${first.id}/revoke`);
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      assert.equal(revoked.body.id, first.id);
      assert.ok(!Number.isNaN(Date.parse(revoked.body.revokedAt)), 'revokedAt is a time');
      assert.equal(revoked.body.secret, undefined);
      const refused = await me(first.secret);
      assertProblem(refused, 401, 'unauthenticated');
      assert.match(String(refused.headers['www-authenticate']), /^Bearer\b/);
      assert.equal((await me(second.secret)).status, 200);
      const listed = (await admin.api.get(`/api/v1/users/${user.id}/tokens`)).body.items as TokenJson[];
      assert.deepEqual(listed.slice(1).map((item) => [item.revokedAt, item.revokedVia, item.revokedBy]), [
        [revoked.body.revokedAt, 'admin', admin.id],
        [null, null, null],
      ]);
    });

    it('when a token is revoked twice, then both answer 200 and revokedAt keeps the first time', async () => {
      const { token } = await createPerson();
      const first = await admin.api.post(`/api/v1/tokens/${token.id}/revoke`);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      await sleep(20);
      const again = await admin.api.post(`/api/v1/tokens/${token.id}/revoke`);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.revokedAt, first.body.revokedAt);
      assertProblem(await me(token.secret), 401, 'unauthenticated');
    });

    it('when the token id is unknown, then revoking answers 404', async () => {
      assertProblem(await admin.api.post(`/api/v1/tokens/${unknownId}/revoke`), 404, 'not-found');
      assertProblem(await admin.api.post('/api/v1/tokens/not-a-uuid/revoke'), 404, 'not-found');
    });

    it('when 50 tokens are issued, then each is ct_ and 43 base64url characters (256 random bits) and no two are alike', async () => {
      const { user, token } = await createPerson();
      const secrets = [token.secret];
      for (let index = 0; index < 49; index++) secrets.push((await issueToken(app.db.dataSource.manager, user.id, null)).secret);
      for (const secret of secrets) {
        assert.match(secret, tokenFormat);
        assert.equal(Buffer.from(secret.slice(3), 'base64url').length, 32, `${secret} carries 32 bytes`);
      }
      assert.equal(new Set(secrets).size, 50);
      assert.equal(new Set(secrets.map((secret) => secret.slice(3, 13))).size, 50, 'they differ from their first characters on');
    });

    it('when tokens are stored, then api_tokens holds only their SHA-256 and a short prefix, never the secret', async () => {
      const { user, token } = await createPerson();
      const second = await ownToken(token.secret, { label: 'laptop' });
      const rows = (await app.db.dataSource.query('SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at', [user.id])) as Array<
        Record<string, unknown>
      >;
      assert.equal(rows.length, 2);
      for (const [row, secret] of [[rows[0]!, token.secret], [rows[1]!, second.secret]] as const) {
        assert.equal(String(row.token_sha256).trim(), hashOf(secret));
        assert.equal(row.prefix, secret.slice(0, 10));
        for (const [column, value] of Object.entries(row)) {
          const text = value instanceof Date ? value.toISOString() : String(value);
          assert.ok(!text.includes(secret.slice(10)), `column ${column} holds (part of) the secret`);
        }
      }
      const userRows = (await app.db.dataSource.query('SELECT * FROM users WHERE id = $1', [user.id])) as unknown[];
      assert.ok(!JSON.stringify(userRows).includes(token.secret.slice(10)));
    });
  });

  describe('logs', () => {
    /** The real app with the real logger at trace level, writing to memory instead of stdout. */
    async function startLoggedApp() {
      const lines: string[] = [];
      const capture = new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          lines.push(...String(chunk).split('\n').filter((line) => line.length > 0));
          done();
        },
      });
      const config: Config = {
        ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace' }),
        port: 0,
        database: testDatabaseConfig(),
      };
      const db = await openDatabase(config.database);
      const running = await startServer(config, db, createLogger(config, capture));
      return {
        lines,
        db,
        agent: () => supertest.agent(`http://127.0.0.1:${running.port}`),
        close: async () => {
          await running.stop('test finished');
          removeEmbeddedCopy(config.database);
        },
      };
    }

    it('when tokens are created and used at log level trace, then no secret or hash is logged, while every request is', async () => {
      const logged = await startLoggedApp();
      try {
        const { secret: adminSecret } = await createUser(logged.db.dataSource.manager, { name: uniqueName(), role: 'admin' });
        const asAdmin = logged.agent().set(bearer(adminSecret));
        const created = await asAdmin.post('/api/v1/users').send({ name: uniqueName(), role: 'checker' });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const userSecret = created.body.token.secret as string;
        assert.equal((await logged.agent().get('/api/v1/me').set(bearer(userSecret))).status, 200);
        const another = await logged.agent().post('/api/v1/me/tokens').set(bearer(userSecret)).send({ label: 'laptop' });
        assert.equal(another.status, 201);
        const anotherSecret = another.body.secret as string;
        assert.equal((await asAdmin.get(`/api/v1/users/${created.body.user.id}/tokens`)).status, 200);
        assert.equal((await asAdmin.post(`/api/v1/tokens/${another.body.id}/revoke`)).status, 200);
        assert.equal((await logged.agent().get('/api/v1/me').set(bearer(anotherSecret))).status, 401);
        const unknownSecret = `ct_${'A'.repeat(43)}`;
        assert.equal((await logged.agent().get('/api/v1/me').set(bearer(unknownSecret))).status, 401);
        assert.equal((await logged.agent().get('/api/v1/me').set({ Authorization: `Bearer ${userSecret}!` })).status, 401);

        type Line = { msg?: string; method?: string; url?: string; status?: number };
        const requestLines = () =>
          logged.lines
            .map((line) => JSON.parse(line) as Line)
            .filter((line) => line.msg === 'request completed')
            .map((line) => `${line.method} ${line.url} ${line.status}`);
        const expected = [
          'POST /api/v1/users 201',
          'GET /api/v1/me 200',
          'POST /api/v1/me/tokens 201',
          `GET /api/v1/users/${created.body.user.id}/tokens 200`,
          `POST /api/v1/tokens/${another.body.id}/revoke 200`,
          'GET /api/v1/me 401',
          'GET /api/v1/me 401',
          'GET /api/v1/me 401',
        ];
        // A request is logged when its response finishes, which may be a moment after the client has it.
        for (let waited = 0; requestLines().length < expected.length && waited < 2_000; waited += 20) await sleep(20);
        assert.deepEqual(requestLines(), expected);

        const everything = logged.lines.join('\n');
        for (const secret of [adminSecret, userSecret, anotherSecret, unknownSecret]) {
          assert.ok(!everything.includes(secret.slice(3)), `a secret (${secret.slice(0, 10)}…) is in the logs`);
          assert.ok(!everything.includes(hashOf(secret)), `the hash of ${secret.slice(0, 10)}… is in the logs`);
        }
      } finally {
        await logged.close();
      }
    });
  });
});
