import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import supertest from 'supertest';
import type { Config } from '../../src/config/config';
import { openDatabase } from '../../src/database/database';
import { createUser } from '../../src/users/users.service';
import { serverEnv, startAgain } from '../durability/load-and-signal';
import { ownDatabase, removeOwnDatabase } from '../support/databases';
import { createArticle, createClaim, uniqueToken } from '../support/factories';
import { killChildren, startMain, stop, type ServerProcess } from '../support/server-process';
import { startReceiver, waitFor, type Receiver } from '../support/webhook-receiver';

// Real server processes (src/main.ts): killed with deliveries due, and two of them on one PostgreSQL.
const webhookEnv = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_POLL_MS: '200',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_LEASE_MS: '1500',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_DELAY_MS: '200',
  WEBHOOK_MAX_ATTEMPTS: '100',
};

/** An admin's and an editor's tokens, written straight to the database before any server holds it. */
async function tokens(database: Config['database']): Promise<{ admin: string; editor: string }> {
  const db = await openDatabase(database);
  try {
    const run = uniqueToken();
    const admin = (await createUser(db.dataSource.manager, { name: `hooks-admin-${run}`, role: 'admin' })).secret;
    const editor = (await createUser(db.dataSource.manager, { name: `hooks-editor-${run}`, role: 'editor' })).secret;
    return { admin, editor };
  } finally {
    await db.close();
  }
}

const as = (server: ServerProcess, token: string) => supertest.agent(server.baseUrl).set('Authorization', `Bearer ${token}`);

/** Of this test's claims, those whose claim.created the receiver answered 200 to, with how many times each.
 * On PostgreSQL other test files create claims at the same time, and the subscription sees theirs too. */
function deliveredClaims(receiver: Receiver, claims: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const received of receiver.received) {
    if (received.answered !== 200 || received.type !== 'claim.created') continue;
    const id = String(received.payload.data.claim.id);
    if (claims.includes(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function subscribe(server: ServerProcess, admin: string, receiver: Receiver): Promise<string> {
  const response = await as(server, admin).post('/api/v1/webhooks').send({ url: receiver.url, events: ['claim.created'] });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  receiver.secrets.push(response.body.secret);
  return response.body.id as string;
}

/** Every delivery of the subscription, page after page (on PostgreSQL it also carries other test files' claims). */
async function allDeliveries(server: ServerProcess, admin: string, subscriptionId: string): Promise<Array<{ messageId: string; status: string }>> {
  const items: Array<{ messageId: string; status: string }> = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page = await as(server, admin).get(`/api/v1/webhooks/${subscriptionId}/deliveries`).query({ limit: 100, ...(cursor ? { cursor } : {}) });
    assert.equal(page.status, 200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  }
  return items;
}

async function createClaims(servers: ServerProcess[], editor: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const api = as(servers[index % servers.length]!, editor);
    const article = await createArticle(api);
    ids.push((await createClaim(api, article.id)).id);
  }
  return ids;
}

describe('webhook delivery across server processes', { timeout: 300_000 }, () => {
  let database: Config['database'];
  let env: Record<string, string>;
  let keys: { admin: string; editor: string };
  const receivers: Receiver[] = [];

  before(async () => {
    // Of its own: these servers' delivery workers would take test/webhooks/webhooks.test.ts's deliveries too.
    database = await ownDatabase();
    env = { ...serverEnv(database), ...webhookEnv };
    keys = await tokens(database);
  });
  after(async () => {
    await killChildren();
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await removeOwnDatabase(database);
    if (database.kind === 'embedded') for (const lock of ['.lock', '.lock-owner']) fs.rmSync(`${database.dataDir}${lock}`, { recursive: true, force: true });
  });

  it('when the server is killed (SIGKILL) with deliveries due and in flight, then after a restart every event is delivered', async () => {
    const receiver = await startReceiver(() => 'hang');
    receivers.push(receiver);
    const first = await startMain(env);
    const subscriptionId = await subscribe(first, keys.admin, receiver);
    const claims = await createClaims([first], keys.editor, 12);
    await waitFor('deliveries in flight', () => receiver.received.length >= 3);
    first.child.kill('SIGKILL');
    await first.exitCode(20_000);
    receiver.answer = () => 200;

    const { server } = await startAgain(env);
    try {
      const delivered = await waitFor('every event delivered after the restart', () => {
        const counts = deliveredClaims(receiver, claims);
        return claims.every((id) => counts.has(id)) && counts;
      }, 60_000);
      assert.deepEqual([...delivered.keys()].sort(), [...claims].sort(), 'none lost');
      assert.ok(receiver.received.filter((received) => received.answered === 200).every((received) => received.verified));
      const ours = new Set(receiver.received.filter((received) => claims.includes(String(received.payload.data.claim.id))).map((received) => received.id));
      await waitFor('recorded as delivered', async () => {
        const mine = (await allDeliveries(server, keys.admin, subscriptionId)).filter((item) => ours.has(item.messageId));
        return mine.length === claims.length && mine.every((item) => item.status === 'delivered');
      });
    } finally {
      await as(server, keys.admin).patch(`/api/v1/webhooks/${subscriptionId}`).send({ active: false });
      assert.equal(await stop(server), 0);
    }
  });

  it('when two instances share one PostgreSQL, then each event is delivered exactly once', async (t) => {
    if (database.kind !== 'postgres') return t.skip('two instances need PostgreSQL (DATABASE_URL); the embedded database belongs to one process');
    const receiver = await startReceiver(() => 200);
    receivers.push(receiver);
    const [one, two] = [await startMain(env), await startMain(env)];
    const subscriptionId = await subscribe(one!, keys.admin, receiver);
    try {
      const claims = await createClaims([one!, two!], keys.editor, 40);
      await waitFor('every event delivered', () => claims.every((id) => deliveredClaims(receiver, claims).has(id)), 60_000);
      // Two more poll rounds of both instances: a second delivery of anything would have come by now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const counts = deliveredClaims(receiver, claims);
      assert.deepEqual([...counts.values()].filter((count) => count !== 1), [], 'delivered more than once');
      const deliveryIds = receiver.received.map((received) => received.id);
      assert.equal(new Set(deliveryIds).size, deliveryIds.length, 'no delivery sent twice');
    } finally {
      await as(one!, keys.admin).patch(`/api/v1/webhooks/${subscriptionId}`).send({ active: false });
      assert.equal(await stop(one!), 0);
      assert.equal(await stop(two!), 0);
    }
  });
});
