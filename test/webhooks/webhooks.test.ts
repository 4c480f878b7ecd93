import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { WebhookConfig } from '../../src/config/config';
import { recordEvent } from '../../src/history/history.service';
import { Claim } from '../../src/claims/claim.entity';
import { assertProblem } from '../support/factories';
import { assertMatchesDocumented } from '../support/openapi';
import { hireEditors, newPublicClaim, publish } from '../support/public';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { ownDatabase, removeOwnDatabase } from '../support/databases';
import type { Config } from '../../src/config/config';
import { startReceiver, waitFor, type Answer, type Receiver } from '../support/webhook-receiver';
import { addEvidence, moved, type Crew } from '../support/workflow';

/** Small delays so that retries happen in milliseconds; private targets allowed to reach 127.0.0.1. */
export const fastWebhooks: WebhookConfig = {
  worker: true,
  allowPrivateTargets: true,
  pollMs: 100,
  batchSize: 10,
  timeoutMs: 1_000,
  leaseMs: 5_000,
  retryBaseMs: 20,
  retryMaxDelayMs: 100,
  maxAttempts: 3,
  disableAfterMs: 86_400_000,
  secretOverlapMs: 86_400_000,
};

describe('webhooks', { timeout: 180_000 }, () => {
  let app: TestApp;
  let admin: TestUser;
  let crew: Crew;
  const receivers: Receiver[] = [];
  const subscriptions: string[] = [];

  let database: Config['database'];

  before(async () => {
    // Of its own: on a shared PostgreSQL every other file's claims would queue deliveries to these
    // subscriptions (to a receiver that never answers, among others) ahead of this file's own.
    database = await ownDatabase();
    app = await startTestApp({ database, webhooks: fastWebhooks });
    admin = await app.user('admin');
    crew = await hireEditors(app);
  });
  // Each test's subscriptions end with it: left active, they would get the next tests' events (and, on
  // PostgreSQL, later runs').
  afterEach(async () => {
    if (subscriptions.length > 0) await app.db.dataSource.query('UPDATE webhook_subscriptions SET active = false WHERE id = ANY($1::uuid[])', [subscriptions]);
  });
  after(async () => {
    await app.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await removeOwnDatabase(database);
  });

  /** A receiver and an active subscription to it for `events`; the receiver knows the secret. */
  async function subscribe(events: string[], answer?: Answer) {
    const receiver = await startReceiver(answer);
    receivers.push(receiver);
    const response = await admin.api.post('/api/v1/webhooks').send({ url: receiver.url, events, description: 'test receiver' });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assertMatchesDocumented(response, 'post', '/api/v1/webhooks');
    subscriptions.push(response.body.id);
    receiver.secrets.push(response.body.secret);
    return { receiver, subscription: response.body as Record<string, any> };
  }

  const deliveries = async (subscriptionId: string) => {
    const response = await admin.api.get(`/api/v1/webhooks/${subscriptionId}/deliveries`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assertMatchesDocumented(response, 'get', '/api/v1/webhooks/{id}/deliveries');
    return response.body.items as Array<Record<string, any>>;
  };

  it('when a claim is published, then the receiver gets exactly one claim.published with a valid signature and the public fact-check', async () => {
    const { receiver, subscription } = await subscribe(['claim.published']);
    const claim = await newPublicClaim(crew.checker.api);
    await publish(crew, claim.id);
    const [delivery] = await waitFor('the delivery', () => receiver.received.length > 0 && receiver.received);
    // Nothing else comes: every other move of the claim is a desk event this subscription did not ask for.
    await waitFor('the delivery recorded', async () => (await deliveries(subscription.id))[0]?.status === 'delivered');
    assert.equal(receiver.received.length, 1);
    assert.equal(delivery!.verified, true, 'standardwebhooks verifies the signature');
    assert.equal(delivery!.type, 'claim.published');
    const factCheck = delivery!.payload.data.factCheck as Record<string, any>;
    const page = await app.anonymous.get(`/fact-checks/${claim.id}`);
    assert.deepEqual(factCheck, page.body, 'the payload is the public fact-check page');
    assert.doesNotMatch(JSON.stringify(delivery!.payload), /assigneeId|proposal|proposedBy/);
    const [logged] = await deliveries(subscription.id);
    assert.equal(logged!.messageId, delivery!.id);
    assert.equal(logged!.attempts.length, 1);
    assert.equal(logged!.attempts[0].statusCode, 200);
    assert.equal(typeof logged!.attempts[0].latencyMs, 'number');
  });

  it('when the receiver fails twice and then answers 200, then the delivery succeeds on the third attempt and all three are logged', async () => {
    const { receiver, subscription } = await subscribe(['claim.created'], (n) => (n <= 2 ? 503 : 200));
    const claim = await newPublicClaim(crew.checker.api);
    const logged = await waitFor('delivered', async () => {
      const [first] = await deliveries(subscription.id);
      return first?.status === 'delivered' && first;
    });
    assert.deepEqual(
      logged.attempts.map((attempt: Record<string, any>) => [attempt.attempt, attempt.outcome, attempt.statusCode]),
      [[1, 'failed', 503], [2, 'failed', 503], [3, 'delivered', 200]],
    );
    assert.match(logged.attempts[0].responseExcerpt, /failing \(503\)/);
    assert.equal(receiver.received.length, 3);
    assert.equal(new Set(receiver.received.map((received) => received.id)).size, 1, 'every attempt carries the same webhook-id');
    assert.ok(receiver.received.every((received) => received.verified));
    assert.equal(receiver.received[2]!.payload.data.claim.id, claim.id);
  });

  it('when a change rolls back after its outbox row was written, then nothing is delivered', async () => {
    const { receiver, subscription } = await subscribe(['claim.created']);
    const claim = await newPublicClaim(crew.checker.api);
    await waitFor('the real creation delivered', () => receiver.received.length === 1);
    await assert.rejects(
      app.db.dataSource.transaction(async (manager) => {
        const row = await manager.findOneByOrFail(Claim, { id: claim.id });
        await recordEvent(manager, row, null, { action: 'claim.created', toStatus: row.status });
        const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM webhook_deliveries WHERE subscription_id = $1`, [subscription.id]);
        assert.equal(count, 2, 'the outbox row is there inside the transaction');
        throw new Error('the change fails after writing');
      }),
      /the change fails after writing/,
    );
    // A later committed change is delivered: by then the rolled-back one would have been too.
    await newPublicClaim(crew.checker.api);
    await waitFor('the next creation delivered', () => receiver.received.length === 2);
    assert.equal((await deliveries(subscription.id)).length, 2);
  });

  it('when a request is refused by the API, then no event is written for it', async () => {
    const { receiver, subscription } = await subscribe(['claim.status_changed']);
    const claim = await newPublicClaim(crew.checker.api);
    const refused = await moved(crew.checker.api, claim.id, { to: 'in_progress' }).then(() =>
      crew.checker.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', '"v1"').send({ to: 'in_review' }),
    );
    assert.equal(refused.status, 412);
    await waitFor('the one move delivered', () => receiver.received.length === 1);
    assert.equal((await deliveries(subscription.id)).length, 1);
    assert.equal(receiver.received[0]!.payload.data.toStatus, 'in_progress');
  });

  it('when a subscription takes desk events, then it sees the claim as the desk does; a public one never gets them', async () => {
    const desk = await subscribe(['claim.status_changed', 'evidence.added']);
    const claim = await newPublicClaim(crew.checker.api);
    await moved(crew.checker.api, claim.id, { to: 'in_progress' });
    await addEvidence(crew.checker.api, claim.id);
    await moved(crew.checker.api, claim.id, { to: 'in_review', rating: 'false', rationale: 'Draft rationale nobody outside may read.' });
    const received = await waitFor('three desk events', () => desk.receiver.received.length >= 3 && desk.receiver.received);
    assert.deepEqual(received.map((event) => event.type).sort(), ['claim.status_changed', 'claim.status_changed', 'evidence.added']);
    const inReview = received.find((event) => event.payload.data.toStatus === 'in_review')!;
    assert.equal(inReview.payload.data.claim.proposal.rationale, 'Draft rationale nobody outside may read.');
    assert.equal(desk.subscription.deskEvents, true);
  });

  it('when an article is retitled, then article.revised carries the article and what changed', async () => {
    const { receiver } = await subscribe(['article.revised']);
    const claim = await newPublicClaim(crew.checker.api);
    const changed = await crew.checker.api.patch(`/api/v1/articles/${claim.articleId}`).send({ title: 'Bridge costs questioned again' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const [received] = await waitFor('article.revised', () => receiver.received.length > 0 && receiver.received);
    assert.equal(received!.type, 'article.revised');
    assert.equal(received!.payload.data.article.id, claim.articleId);
    assert.equal(received!.payload.data.article.title, 'Bridge costs questioned again');
    assert.equal(received!.payload.data.changes.title.to, 'Bridge costs questioned again');
    assert.equal(received!.payload.data.article.body, undefined, 'no body in the payload');
  });

  it('when an article’s body is revised after claims were anchored, then article.revised carries the revision and where the claims went, not the body', async () => {
    const { receiver } = await subscribe(['article.revised']);
    const claim = await newPublicClaim(crew.checker.api);
    const article = await crew.checker.api.get(`/api/v1/articles/${claim.articleId}`);
    const revised = await crew.checker.api
      .put(`/api/v1/articles/${claim.articleId}/body`)
      .set('If-Match', String(article.headers.etag))
      .send({ body: `Updated at noon. ${article.body.body}` });
    assert.equal(revised.status, 200, revised.text);
    const [received] = await waitFor('article.revised', () => receiver.received.length > 0 && receiver.received);
    assert.equal(received!.payload.data.article.id, claim.articleId);
    assert.deepEqual(received!.payload.data.changes.revision, { from: 1, to: 2 });
    assert.deepEqual(received!.payload.data.changes.anchorsMoved, [claim.id], 'the claim moved with its words');
    assert.ok(!JSON.stringify(received!.payload).includes('Updated at noon'), 'no body in the payload');
  });

  it('when a published claim is corrected, then claim.corrected carries the new verdict and the correction', async () => {
    const { receiver } = await subscribe(['claim.published', 'claim.corrected']);
    const claim = await newPublicClaim(crew.checker.api);
    await publish(crew, claim.id);
    await moved(crew.checker.api, claim.id, { to: 'in_progress', note: 'New figures.' });
    await moved(crew.checker.api, claim.id, { to: 'in_review', rating: 'mostly-false', rationale: 'Revised figures.' });
    await moved(crew.editor.api, claim.id, { to: 'published', note: 'Rating revised after new figures.' });
    const received = await waitFor('both', () => receiver.received.length >= 2 && receiver.received);
    assert.deepEqual(received.map((event) => event.type), ['claim.published', 'claim.corrected']);
    const corrected = received[1]!.payload.data.factCheck;
    assert.equal(corrected.verdict.rating, 'mostly-false');
    assert.equal(corrected.corrections[0].note, 'Rating revised after new figures.');
  });

  it('when the secret is rotated, then deliveries are signed with both until the old one expires, and the secret is shown only then', async () => {
    const { receiver, subscription } = await subscribe(['claim.created']);
    const read = await admin.api.get(`/api/v1/webhooks/${subscription.id}`);
    assertMatchesDocumented(read, 'get', '/api/v1/webhooks/{id}');
    assert.equal(read.body.secret, undefined);
    assert.ok(!JSON.stringify((await admin.api.get('/api/v1/webhooks')).body).includes(subscription.secret), 'no list shows a secret');
    const rotated = await admin.api.post(`/api/v1/webhooks/${subscription.id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assertMatchesDocumented(rotated, 'post', '/api/v1/webhooks/{id}/rotate-secret');
    assert.notEqual(rotated.body.secret, subscription.secret);
    assert.ok(rotated.body.previousSecretExpiresAt);
    receiver.secrets.splice(0, 1, rotated.body.secret);
    await newPublicClaim(crew.checker.api);
    const [delivery] = await waitFor('the delivery', () => receiver.received.length > 0 && receiver.received);
    assert.equal(delivery!.verified, true, 'the new secret verifies');
    assert.equal(delivery!.headers['webhook-signature']!.split(' ').length, 2, 'signed with the new and the old secret');
  });

  const retire = (id: string) => admin.api.patch(`/api/v1/webhooks/${id}`).send({ active: false });

  it('when a delivery fails every time, then it is dead-lettered after WEBHOOK_MAX_ATTEMPTS, and a manual redelivery sends it again', async () => {
    let healthy = false;
    const { subscription } = await subscribe(['claim.created'], () => (healthy ? 200 : 500));
    await newPublicClaim(crew.checker.api);
    const first = async () => (await deliveries(subscription.id))[0];
    const dead = await waitFor('dead-lettered', async () => ((await first())?.status === 'dead' ? first() : undefined));
    assert.equal(dead!.attempts.length, fastWebhooks.maxAttempts);
    assert.equal(dead!.nextAttemptAt, null);
    assert.match(dead!.lastError, /answered 500/);
    const pendingAgain = await admin.api.post(`/api/v1/webhooks/${subscription.id}/deliveries/${dead!.id}/redeliver`);
    assert.equal(pendingAgain.status, 200);
    assert.equal(pendingAgain.body.status, 'pending');
    assertMatchesDocumented(pendingAgain, 'post', '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver');
    healthy = true;
    const delivered = await waitFor('redelivered', async () => ((await first())?.status === 'delivered' ? first() : undefined));
    assert.equal(delivered!.attempts.length, fastWebhooks.maxAttempts + 1);
    const again = await admin.api.post(`/api/v1/webhooks/${subscription.id}/deliveries/${dead!.id}/redeliver`);
    assert.equal(again.status, 200, 'a delivered one may be sent again too');
    const twice = await admin.api.post(`/api/v1/webhooks/${subscription.id}/deliveries/${dead!.id}/redeliver`);
    if (twice.status !== 200) assertProblem(twice, 409, 'delivery-pending');
    const metrics = await admin.api.get('/metrics');
    assert.match(metrics.text, /webhook_deliveries_total\{outcome="dead_lettered"\} [1-9]/);
    assert.match(metrics.text, /webhook_deliveries_total\{outcome="failed"\} [1-9]/);
    assert.match(metrics.text, /webhook_deliveries_total\{outcome="delivered"\} [1-9]/);
    assert.match(metrics.text, /webhook_queue_depth \d+/);
    assert.match(metrics.text, /webhook_oldest_undelivered_age_seconds [\d.e+-]+/);
  });

  it('when a subscription has had no success for longer than WEBHOOK_DISABLE_AFTER_MS, then it is turned off and says why; PATCH active turns it back on', async () => {
    const { receiver, subscription } = await subscribe(['claim.created'], () => 500);
    // Days of failures, without waiting for them: the first failure was four days ago.
    await app.db.dataSource.query(`UPDATE webhook_subscriptions SET failing_since = now() - interval '4 days' WHERE id = $1`, [subscription.id]);
    await newPublicClaim(crew.checker.api);
    const off = await waitFor('turned off', async () => {
      const read = await admin.api.get(`/api/v1/webhooks/${subscription.id}`);
      return read.body.active === false && read.body;
    });
    assert.match(off.disabledReason, /No successful delivery since .*answered 500/);
    const attemptsWhenOff = receiver.received.length;
    await newPublicClaim(crew.checker.api);
    await new Promise((resolve) => setTimeout(resolve, 3 * fastWebhooks.pollMs));
    assert.equal(receiver.received.length, attemptsWhenOff, 'an inactive subscription gets nothing');
    receiver.answer = () => 200;
    const on = await admin.api.patch(`/api/v1/webhooks/${subscription.id}`).send({ active: true });
    assert.equal(on.status, 200);
    assert.equal(on.body.disabledReason, null);
    assert.equal(on.body.failingSince, null);
    await waitFor('the waiting delivery sent', () => receiver.received.some((received) => received.answered === 200));
  });

  it('when a receiver redirects, answers a huge body or never answers, then the attempt fails: no redirect followed, a short excerpt, a timeout', async () => {
    const followed = await startReceiver();
    receivers.push(followed);
    const odd = createServer((request, response) => {
      if (request.url === '/redirect') response.writeHead(307, { location: followed.url }).end();
      else if (request.url === '/huge') response.writeHead(500).end('x'.repeat(1024 * 1024));
      // /hang: never answers
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    const port = (odd.address() as AddressInfo).port;
    const ids: Record<string, string> = {};
    try {
      for (const path of ['redirect', 'huge', 'hang']) {
        const created = await admin.api.post('/api/v1/webhooks').send({ url: `http://127.0.0.1:${port}/${path}`, events: ['claim.created'] });
        subscriptions.push(created.body.id);
        ids[path] = created.body.id;
      }
      await newPublicClaim(crew.checker.api);
      const attemptOf = async (path: string) => waitFor(path, async () => (await deliveries(ids[path]!))[0]?.attempts[0]);
      const redirect = await attemptOf('redirect');
      assert.equal(redirect.statusCode, 307);
      assert.match(redirect.error, /redirects are not followed/);
      assert.equal(followed.received.length, 0);
      const huge = await attemptOf('huge');
      assert.ok(Buffer.byteLength(huge.responseExcerpt) <= 1024, `${Buffer.byteLength(huge.responseExcerpt)} bytes kept`);
      const hang = await attemptOf('hang');
      assert.match(hang.error, new RegExp(`no answer within ${fastWebhooks.timeoutMs} ms`));
      assert.ok(hang.latencyMs < fastWebhooks.timeoutMs + 1_000);
    } finally {
      for (const id of Object.values(ids)) await retire(id);
      odd.closeAllConnections();
      odd.close();
    }
  });

  it('when someone who is not an admin manages webhooks, then 401 or 403; an unknown id 404', async () => {
    const checker = await app.user('checker');
    assertProblem(await app.anonymous.get('/api/v1/webhooks'), 401, 'unauthenticated');
    assertProblem(await checker.api.get('/api/v1/webhooks'), 403, 'forbidden');
    assertProblem(await crew.editor.api.post('/api/v1/webhooks').send({ url: 'https://example.org/h', events: ['claim.published'] }), 403, 'forbidden');
    assertProblem(await admin.api.get('/api/v1/webhooks/00000000-0000-4000-8000-000000000000'), 404, 'not-found');
    assertProblem(await admin.api.get('/api/v1/webhooks/not-an-id/deliveries'), 404, 'not-found');
  });

  it('when the body is wrong, then 422 names the field: unknown events, no events, ftp://, credentials in the URL, a huge description', async () => {
    const bad = [
      { url: 'https://example.org/h', events: ['claim.deleted'] },
      { url: 'https://example.org/h', events: [] },
      { url: 'https://example.org/h', events: ['claim.published', 'claim.published'] },
      { url: 'ftp://example.org/h', events: ['claim.published'] },
      { url: 'https://user:pass@example.org/h', events: ['claim.published'] },
      { url: 'https://example.org/h', events: ['claim.published'], description: 'x'.repeat(501) },
      { url: `https://example.org/${'a'.repeat(2000)}`, events: ['claim.published'] },
    ];
    for (const body of bad) assertProblem(await admin.api.post('/api/v1/webhooks').send(body), 422, 'validation-failed');
  });
});

describe('webhook targets without WEBHOOK_ALLOW_PRIVATE_TARGETS', { timeout: 60_000 }, () => {
  let app: TestApp;
  let admin: TestUser;
  before(async () => {
    app = await startTestApp({ webhooks: { ...fastWebhooks, allowPrivateTargets: false } });
    admin = await app.user('admin');
  });
  after(() => app.close());

  for (const url of [
    'http://127.0.0.1:9/hook',
    'http://localhost/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[fd00:ec2::254]/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[fe80::1]/',
    'http://[::]/',
    'http://[::7f00:1]/',
    'http://[64:ff9b::a00:1]/',
  ]) {
    it(`when the target is ${url}, then 422 webhook-target-refused`, async () => {
      const response = await admin.api.post('/api/v1/webhooks').send({ url, events: ['claim.published'] });
      assertProblem(response, 422, 'webhook-target-refused');
    });
  }

  it('when a subscription is repointed at a private address, then 422 too and it keeps its URL', async () => {
    const created = await admin.api.post('/api/v1/webhooks').send({ url: 'https://93.184.215.14/hook', events: ['claim.published'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assertProblem(await admin.api.patch(`/api/v1/webhooks/${created.body.id}`).send({ url: 'http://127.0.0.1/' }), 422, 'webhook-target-refused');
    assert.equal((await admin.api.get(`/api/v1/webhooks/${created.body.id}`)).body.url, 'https://93.184.215.14/hook');
    await admin.api.patch(`/api/v1/webhooks/${created.body.id}`).send({ active: false });
  });

  it('when a PATCH sends null for the URL, the events or active, then 422 naming each, and the subscription is as it was; null clears the description', async () => {
    const created = await admin.api.post('/api/v1/webhooks').send({ url: 'https://93.184.215.14/hook', events: ['claim.published'], description: 'Newsletter' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const path = `/api/v1/webhooks/${created.body.id}`;
    const refused = await admin.api.patch(path).send({ url: null, events: null, active: null });
    assertProblem(refused, 422, 'validation-failed');
    assert.deepEqual([...new Set((refused.body.errors as Array<{ pointer: string }>).map((error) => error.pointer))].sort(), ['#/active', '#/events', '#/url']);
    const kept = (await admin.api.get(path)).body;
    assert.deepEqual([kept.url, kept.events, kept.active], ['https://93.184.215.14/hook', ['claim.published'], true]);
    const cleared = await admin.api.patch(path).send({ description: null, active: false });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.equal(cleared.body.description, null);
  });
});
