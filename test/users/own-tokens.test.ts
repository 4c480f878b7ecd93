import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import supertest from 'supertest';
import { maxActiveTokensPerPerson } from '../../src/users/users.service';
import { assertProblem, uniqueToken } from '../support/factories';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { addEvidence, driveTo, hireCrew, newClaim, readClaim, type Crew } from '../support/workflow';

type TokenJson = {
  id: string;
  userId: string;
  label: string | null;
  issuedVia: string;
  issuedBy: string | null;
  createdWithTokenId: string | null;
  mustReplace: boolean;
  revokedAt: string | null;
  revokedVia: string | null;
  revokedBy: string | null;
};
type IssuedJson = TokenJson & { secret: string };
type Person = { user: { id: string; name: string }; token: IssuedJson; api: supertest.Agent };

describe('a person’s own tokens, and the first token an admin hands out', () => {
  let app: TestApp;
  let admin: TestUser;
  let crew: Crew;
  before(async () => {
    app = await startTestApp();
    admin = await app.user('admin');
    crew = await hireCrew(app);
  });
  after(() => app.close());

  const as = (secret: string) => supertest.agent(app.baseUrl).set('Authorization', `Bearer ${secret}`);

  /** A person an admin created over HTTP, signed in with the first token they were handed. */
  async function personFromAdmin(role = 'editor'): Promise<Person> {
    const created = await admin.api.post('/api/v1/users').send({ name: `Nurul ${uniqueToken()}`, role });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { ...(created.body as Omit<Person, 'api'>), api: as(created.body.token.secret as string) };
  }

  async function ownToken(api: supertest.Agent, label?: string): Promise<IssuedJson> {
    const response = await api.post('/api/v1/me/tokens').send(label === undefined ? {} : { label });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as IssuedJson;
  }

  /** A transition request as a client sends it, with the current ETag, so only the token can make it fail. */
  async function transition(api: supertest.Agent, claimId: string, body: Record<string, unknown>) {
    const { etag } = await readClaim(app.api, claimId);
    return api.post(`/api/v1/claims/${claimId}/transitions`).set('If-Match', etag).send(body);
  }

  it('when an admin creates a person, then the first token is must-replace, issued via admin by that admin, and /me says so', async () => {
    const person = await personFromAdmin();
    assert.deepEqual(
      { issuedVia: person.token.issuedVia, issuedBy: person.token.issuedBy, mustReplace: person.token.mustReplace },
      { issuedVia: 'admin', issuedBy: admin.id, mustReplace: true },
    );
    const me = await person.api.get('/api/v1/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.deepEqual({ id: me.body.id, tokenId: me.body.token.id, mustReplace: me.body.token.mustReplace }, {
      id: person.user.id,
      tokenId: person.token.id,
      mustReplace: true,
    });
    assert.equal(me.body.token.secret, undefined);
  });

  it('when a first token takes, proposes or approves a claim, then 403 token-must-be-replaced and the claim does not change', async () => {
    const person = await personFromAdmin('editor');
    const toTake = await newClaim(app.api);
    const toPropose = await newClaim(app.api);
    await driveTo(crew, toPropose.id, 'in_progress');
    await addEvidence(crew.checker.api, toPropose.id);
    const toApprove = await newClaim(app.api);
    await driveTo(crew, toApprove.id, 'in_review');
    const moves: Array<[string, Record<string, unknown>]> = [
      [toTake.id, { to: 'in_progress' }],
      [toPropose.id, { to: 'in_review', rating: 'false', rationale: 'The budget says otherwise.' }],
      [toApprove.id, { to: 'published' }],
    ];
    for (const [claimId, body] of moves) {
      const before = await readClaim(app.api, claimId);
      const refused = await transition(person.api, claimId, body);
      assertProblem(refused, 403, 'token-must-be-replaced');
      assert.match(refused.body.detail, /POST \/api\/v1\/me\/tokens/);
      assert.equal((await readClaim(app.api, claimId)).etag, before.etag, `${body.to}: the claim changed`);
    }
    for (const path of ['/api/v1/claims', '/api/v1/desk', `/api/v1/claims/${toTake.id}/history`]) {
      assertProblem(await person.api.get(path), 403, 'token-must-be-replaced');
    }

    // The same moves with the person's own token go through: only the token was in the way.
    const own = as((await ownToken(person.api, 'laptop')).secret);
    for (const [claimId, body] of moves) {
      const done = await transition(own, claimId, body);
      assert.equal(done.status, 200, JSON.stringify(done.body));
    }
  });

  it('when an admin’s first token is used for people, tokens or metrics, then 403 token-must-be-replaced and nothing is made', async () => {
    const person = await personFromAdmin('admin');
    const name = `Never ${uniqueToken()}`;
    assertProblem(await person.api.post('/api/v1/users').send({ name, role: 'editor' }), 403, 'token-must-be-replaced');
    assertProblem(await person.api.get('/api/v1/users'), 403, 'token-must-be-replaced');
    assertProblem(await person.api.post(`/api/v1/tokens/${crew.checker.id}/revoke`), 403, 'token-must-be-replaced');
    assertProblem(await person.api.get('/metrics'), 403, 'token-must-be-replaced');
    const listed = (await admin.api.get('/api/v1/users')).body.items as Array<{ name: string }>;
    assert.ok(!listed.some((user) => user.name === name));
  });

  it('when the person makes their own token with the first one, then the first gets 401, is recorded as replaced, and the new one works', async () => {
    const person = await personFromAdmin('checker');
    const own = await ownToken(person.api, 'phone');
    assert.deepEqual(
      { issuedVia: own.issuedVia, issuedBy: own.issuedBy, createdWithTokenId: own.createdWithTokenId, mustReplace: own.mustReplace, label: own.label },
      { issuedVia: 'self', issuedBy: person.user.id, createdWithTokenId: person.token.id, mustReplace: false, label: 'phone' },
    );
    assertProblem(await person.api.get('/api/v1/me'), 401, 'unauthenticated');
    const me = await as(own.secret).get('/api/v1/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body.token.id, own.id);
    assert.equal((await as(own.secret).get('/api/v1/claims')).status, 200);

    const tokens = (await admin.api.get(`/api/v1/users/${person.user.id}/tokens`)).body.items as TokenJson[];
    const first = tokens.find((token) => token.id === person.token.id)!;
    assert.deepEqual({ revokedVia: first.revokedVia, revokedBy: first.revokedBy }, { revokedVia: 'replaced', revokedBy: person.user.id });
    assert.ok(first.revokedAt);
  });

  it('when one first token makes two own tokens at once, then exactly one is made', async () => {
    const person = await personFromAdmin('checker');
    const answers = await Promise.all([person.api.post('/api/v1/me/tokens').send({}), person.api.post('/api/v1/me/tokens').send({})]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 401], JSON.stringify(answers.map((answer) => answer.body)));
    const tokens = (await admin.api.get(`/api/v1/users/${person.user.id}/tokens`)).body.items as TokenJson[];
    assert.equal(tokens.filter((token) => token.revokedAt === null).length, 1);
  });

  it('when an admin issues a token to a person who holds one, then 409 person-has-token and no token is made', async () => {
    const waiting = await personFromAdmin('checker'); // holds an unreplaced first token
    const working = await app.user('editor'); // holds a working token
    for (const userId of [waiting.user.id, working.id]) {
      const before = (await admin.api.get(`/api/v1/users/${userId}/tokens`)).body.items.length as number;
      const refused = await admin.api.post(`/api/v1/users/${userId}/tokens`).send({ label: 'mine now' });
      assertProblem(refused, 409, 'person-has-token');
      assert.equal(refused.body.unrevokedTokens, 1);
      assert.equal(refused.body.secret, undefined);
      assert.equal((await admin.api.get(`/api/v1/users/${userId}/tokens`)).body.items.length, before);
    }
  });

  it('when an admin revokes a person’s tokens and then issues one, then it is a first token, and both acts name the admin', async () => {
    const person = await app.user('editor');
    const [held] = (await admin.api.get(`/api/v1/users/${person.id}/tokens`)).body.items as TokenJson[];
    const revoked = await admin.api.post(`/api/v1/tokens/${held!.id}/revoke`);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.deepEqual({ revokedVia: revoked.body.revokedVia, revokedBy: revoked.body.revokedBy }, { revokedVia: 'admin', revokedBy: admin.id });

    const issued = await admin.api.post(`/api/v1/users/${person.id}/tokens`).send({});
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.deepEqual(
      { issuedVia: issued.body.issuedVia, issuedBy: issued.body.issuedBy, mustReplace: issued.body.mustReplace, label: issued.body.label },
      { issuedVia: 'admin', issuedBy: admin.id, mustReplace: true, label: 'first token' },
    );
    const claim = await newClaim(app.api);
    assertProblem(await transition(as(issued.body.secret as string), claim.id, { to: 'in_progress' }), 403, 'token-must-be-replaced');
    assertProblem(await admin.api.post(`/api/v1/users/${person.id}/tokens`).send({}), 409, 'person-has-token');
  });

  it('when a person lists their tokens, then they see their own only, without secrets', async () => {
    const person = await personFromAdmin('checker');
    const own = as((await ownToken(person.api, 'laptop')).secret);
    const second = await ownToken(own, 'phone');
    const listed = await own.get('/api/v1/me/tokens');
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const items = listed.body.items as TokenJson[];
    assert.deepEqual(items.map((token) => [token.userId, token.label, token.revokedVia]), [
      [person.user.id, 'first token', 'replaced'],
      [person.user.id, 'laptop', null],
      [person.user.id, 'phone', null],
    ]);
    assert.ok(!listed.text.includes(second.secret.slice(10)));
    assert.ok(!items.some((token) => 'secret' in token));
  });

  it('when a person revokes their own token, then it gets 401 and their other token still works', async () => {
    const person = await personFromAdmin('checker');
    const kept = await ownToken(person.api, 'laptop');
    const doomed = await ownToken(as(kept.secret), 'old phone');
    const revoked = await as(kept.secret).post(`/api/v1/me/tokens/${doomed.id}/revoke`);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.deepEqual({ revokedVia: revoked.body.revokedVia, revokedBy: revoked.body.revokedBy }, { revokedVia: 'self', revokedBy: person.user.id });
    assertProblem(await as(doomed.secret).get('/api/v1/me'), 401, 'unauthenticated');
    assert.equal((await as(kept.secret).get('/api/v1/me')).status, 200);
  });

  it('when a person revokes someone else’s token, then 404 as for an unknown id, and that token still works', async () => {
    const victim = await app.user('editor');
    const [victimToken] = (await admin.api.get(`/api/v1/users/${victim.id}/tokens`)).body.items as TokenJson[];
    const attacker = await app.user('editor');
    const refused = await attacker.api.post(`/api/v1/me/tokens/${victimToken!.id}/revoke`);
    assertProblem(refused, 404, 'not-found');
    const unknown = await attacker.api.post('/api/v1/me/tokens/00000000-0000-4000-8000-000000000000/revoke');
    assertProblem(unknown, 404, 'not-found');
    assert.equal(refused.body.title, unknown.body.title);
    assert.equal((await victim.api.get('/api/v1/me')).status, 200);
    assert.equal((await admin.api.get(`/api/v1/users/${victim.id}/tokens`)).body.items[0].revokedAt, null);
  });

  it(`when a person holds ${maxActiveTokensPerPerson} working tokens, then another answers 409 token-limit-reached until one is revoked`, async () => {
    const person = await app.user('checker');
    const made: IssuedJson[] = [];
    for (let index = 1; index < maxActiveTokensPerPerson; index++) made.push(await ownToken(person.api, `device ${index}`));
    const refused = await person.api.post('/api/v1/me/tokens').send({ label: 'one more' });
    assertProblem(refused, 409, 'token-limit-reached');
    assert.equal(refused.body.limit, maxActiveTokensPerPerson);
    assert.equal((await person.api.post(`/api/v1/me/tokens/${made[0]!.id}/revoke`)).status, 200);
    await ownToken(person.api, 'one more');
  });

  it('when a token label holds control or bidi characters, then 422 and no token is made', async () => {
    const person = await app.user('checker');
    for (const label of ['line\nbreak', 'evil\u202Eexe.txt', 'zero\u200Bwidth', 'bell\u0007', 'c1\u0085']) {
      const response = await person.api.post('/api/v1/me/tokens').send({ label });
      assertProblem(response, 422, 'validation-failed');
      assert.deepEqual(response.body.errors.map((error: { pointer: string }) => error.pointer), ['#/label'], JSON.stringify(label));
    }
    assert.equal((await person.api.get('/api/v1/me/tokens')).body.items.length, 1);
  });
});
