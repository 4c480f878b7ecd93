import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import supertest from 'supertest';
import { uniqueToken } from '../support/factories';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { addEvidence, history, moved, newClaim } from '../support/workflow';

// Which credential acted: an audit tells a person's own token from an operator's (CLI) one.
describe('history names the token that acted', () => {
  let app: TestApp;
  let admin: TestUser;
  before(async () => {
    app = await startTestApp();
    admin = await app.user('admin');
  });
  after(() => app.close());

  it('when a person acts with their own token and another with a CLI token, then each event names its token and how it was issued', async () => {
    const created = await admin.api.post('/api/v1/users').send({ name: `Siti ${uniqueToken()}`, role: 'checker' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const own = await supertest(app.baseUrl)
      .post('/api/v1/me/tokens')
      .set('Authorization', `Bearer ${created.body.token.secret as string}`)
      .send({ label: 'laptop' });
    assert.equal(own.status, 201, JSON.stringify(own.body));
    const person = supertest.agent(app.baseUrl).set('Authorization', `Bearer ${own.body.secret as string}`);
    const operatorMade = await app.user('editor');

    const claim = await newClaim(operatorMade.api);
    await moved(person, claim.id, { to: 'in_progress' });
    await addEvidence(operatorMade.api, claim.id);

    const events = await history(app.api, claim.id);
    assert.deepEqual(
      events.map((event) => [event.action, event.actor]),
      [
        ['claim.created', { id: operatorMade.id, name: operatorMade.name, tokenId: operatorMade.tokenId, tokenIssuedVia: 'cli' }],
        ['status.changed', { id: created.body.user.id, name: created.body.user.name, tokenId: own.body.id, tokenIssuedVia: 'self' }],
        ['evidence.added', { id: operatorMade.id, name: operatorMade.name, tokenId: operatorMade.tokenId, tokenIssuedVia: 'cli' }],
      ],
    );
    const stored = (await app.db.dataSource.query('SELECT actor_token_id FROM claim_events WHERE claim_id = $1 ORDER BY seq', [claim.id])) as Array<{
      actor_token_id: string;
    }>;
    assert.deepEqual(stored.map((row) => row.actor_token_id), [operatorMade.tokenId, own.body.id, operatorMade.tokenId]);
  });
});
