import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import supertest from 'supertest';
import { PublicCache } from '../../src/public-cache/public-cache';
import { createApp } from '../../src/app';
import type { Role } from '../../src/users/role';
import { firstTokenMay } from '../../src/auth/authenticate';
import { createUser, createUserAsAdmin, issueToken, revokeToken } from '../../src/users/users.service';
import { newSigningSecret } from '../../src/webhooks/signing';
import { startSession } from '../../src/web/sessions.service';
import { isPagePath } from '../../src/web/page-paths';
import { assertProblem, createArticle, createClaim, uniqueToken } from '../support/factories';
import { listRoutes } from '../support/routes';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

/**
 * THE POLICY. Every route of the API, and the status each role gets when it sends a valid request.
 * Without a valid token (none at all, a malformed one, an unknown one, a revoked one) every route
 * answers 401 with a WWW-Authenticate: Bearer challenge.
 * 403 means the role may not do this. Reading is for every role, except the editors' views (the
 * desk and an article's status), which are for editors and admins; writing content is for checkers
 * and editors (an admin manages people, not verdicts); people and tokens are for admins only,
 * except one's own tokens. A first token (handed out by an admin, to be replaced) is refused on
 * every route but /me, GET /me/tokens and POST /me/tokens with 403 token-must-be-replaced.
 */
const policy = {
  // reading: every role
  'GET /api/v1/articles':                                         { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/articles/:id':                                     { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/articles/:id/history':                             { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/articles/:id/revisions':                           { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/articles/:id/revisions/:number':                   { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/articles/:id/candidates':                          { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/claims':                                           { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/claims/:id':                                       { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/claims/:id/evidence':                              { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/claims/:id/history':                               { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/claims/:id/similar':                               { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/ratings':                                          { checker: 200, editor: 200, admin: 200 },
  // the editors' views: editors and admins
  'GET /api/v1/articles/:id/status':                              { checker: 403, editor: 200, admin: 200 },
  'GET /api/v1/desk':                                             { checker: 403, editor: 200, admin: 200 },
  'GET /api/v1/exports/claims.csv':                               { checker: 403, editor: 200, admin: 200 },
  'GET /api/v1/exports/claims.jsonl':                             { checker: 403, editor: 200, admin: 200 },
  // other fact-checkers' verdicts: editors only
  'POST /api/v1/imports/claimreview':                             { checker: 403, editor: 200, admin: 403 },
  // writing content: checkers and editors, never admins
  'POST /api/v1/articles':                                        { checker: 201, editor: 201, admin: 403 },
  'PATCH /api/v1/articles/:id':                                   { checker: 200, editor: 200, admin: 403 },
  'PUT /api/v1/articles/:id/body':                                { checker: 200, editor: 200, admin: 403 },
  'POST /api/v1/articles/:id/claims':                             { checker: 201, editor: 201, admin: 403 },
  'PATCH /api/v1/claims/:id':                                     { checker: 200, editor: 200, admin: 403 },
  'POST /api/v1/claims/:id/evidence':                             { checker: 201, editor: 201, admin: 403 },
  'POST /api/v1/claims/:id/evidence/:evidenceId/retraction':      { checker: 200, editor: 200, admin: 403 },
  'POST /api/v1/claims/:id/transitions':                          { checker: 200, editor: 200, admin: 403 },
  // people and tokens: admins only
  'GET /api/v1/users':                                            { checker: 403, editor: 403, admin: 200 },
  'POST /api/v1/users':                                           { checker: 403, editor: 403, admin: 201 },
  'GET /api/v1/users/:id':                                        { checker: 403, editor: 403, admin: 200 },
  'GET /api/v1/users/:id/tokens':                                 { checker: 403, editor: 403, admin: 200 },
  'POST /api/v1/users/:id/tokens':                                { checker: 403, editor: 403, admin: 201 },
  'POST /api/v1/tokens/:id/revoke':                               { checker: 403, editor: 403, admin: 200 },
  'POST /api/v1/users/:id/password-link':                         { checker: 403, editor: 403, admin: 201 },
  'POST /api/v1/users/:id/disable':                               { checker: 403, editor: 403, admin: 200 },
  'POST /api/v1/users/:id/enable':                                { checker: 403, editor: 403, admin: 200 },
  'POST /api/v1/users/:id/sessions/end':                          { checker: 403, editor: 403, admin: 200 },
  // oneself: every role
  'GET /api/v1/me':                                               { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/me/claims':                                        { checker: 200, editor: 200, admin: 200 },
  'GET /api/v1/me/tokens':                                        { checker: 200, editor: 200, admin: 200 },
  'POST /api/v1/me/tokens':                                       { checker: 201, editor: 201, admin: 201 },
  'POST /api/v1/me/tokens/:id/revoke':                            { checker: 200, editor: 200, admin: 200 },
  // webhooks: admins only (desk events carry drafts)
  'GET /api/v1/webhooks':                                         { checker: 403, editor: 403, admin: 200 },
  'POST /api/v1/webhooks':                                        { checker: 403, editor: 403, admin: 201 },
  'GET /api/v1/webhooks/:id':                                     { checker: 403, editor: 403, admin: 200 },
  'PATCH /api/v1/webhooks/:id':                                   { checker: 403, editor: 403, admin: 200 },
  'POST /api/v1/webhooks/:id/rotate-secret':                      { checker: 403, editor: 403, admin: 200 },
  'GET /api/v1/webhooks/:id/deliveries':                          { checker: 403, editor: 403, admin: 200 },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver':   { checker: 403, editor: 403, admin: 200 },
  // the service's metrics, outside /api/v1 for Prometheus: admins (or METRICS_TOKEN, test/metrics)
  'GET /metrics':                                                 { checker: 403, editor: 403, admin: 200 },
} as const satisfies Record<string, Record<Role, number>>;

/** Routes outside /api/v1, open to anyone: they are not part of the matrix, but they are listed. */
/** Routes anyone may call without a token: the path to try and what it answers. */
const publicRouteProbes: Record<string, [path: string, status: number]> = {
  'GET /health': ['/health', 200],
  'GET /problems': ['/problems', 200],
  'GET /problems/:slug': ['/problems/forbidden', 200],
  'GET /feed.json': ['/feed.json', 200],
  'GET /claimreview.jsonld': ['/claimreview.jsonld', 200],
  'GET /fact-checks': ['/fact-checks?q=bridge', 200],
  'GET /fact-checks/:id': ['/fact-checks/00000000-0000-4000-8000-000000000000', 404],
  'GET /openapi.json': ['/openapi.json', 200],
  'GET /docs': ['/docs', 200],
  'GET /docs/feed-extensions': ['/docs/feed-extensions', 200],
  'GET /': ['/', 200],
};
const publicRoutes = Object.keys(publicRouteProbes);

type RouteKey = keyof typeof policy;
type Caller = { name: string; role: Role | null; id: string | null; api: supertest.Agent };

/** A valid request of one route, on data made for it alone. */
type Prepared = {
  send: (api: supertest.Agent) => supertest.Test;
  /** For a read: what its reader checks in the answer (the parsed body, and the text for text/plain). */
  shows?: (body: any, text: string) => void;
  /** For a write: whether its effect can be seen now, looked up as its author would. */
  tookEffect?: () => Promise<boolean>;
};

let app: TestApp;
let admin: TestUser;

const editorApi = () => app.api;
const newArticle = () => createArticle(editorApi());
const newClaim = async () => createClaim(editorApi(), (await newArticle()).id);
async function etagOf(claimId: string): Promise<string> {
  const read = await editorApi().get(`/api/v1/claims/${claimId}`);
  assert.equal(read.status, 200, JSON.stringify(read.body));
  return String(read.headers.etag);
}
async function newEvidence(claimId: string): Promise<{ evidenceId: string; etag: string }> {
  const added = await editorApi()
    .post(`/api/v1/claims/${claimId}/evidence`)
    .set('If-Match', await etagOf(claimId))
    .send({ url: `https://evidence.test/${uniqueToken()}`, stance: 'refutes' });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  return { evidenceId: added.body.id as string, etag: String(added.headers.etag) };
}
const newPerson = (role: Role = 'checker') =>
  createUser(app.db.dataSource.manager, { name: `person-${uniqueToken()}`, role });
/** A public IP literal: creating a subscription needs no DNS. Made inactive, so no delivery is ever due. */
const webhookUrl = 'https://93.184.215.14/matrix';
async function newWebhook(): Promise<string> {
  const rows = (await app.db.dataSource.query(
    `INSERT INTO webhook_subscriptions (url, events, secret, created_by, active) VALUES ($1, $2::text[], $3, $4, false) RETURNING id`,
    [webhookUrl, '{claim.published}', newSigningSecret(), admin.id],
  )) as Array<{ id: string }>;
  return rows[0]!.id;
}
async function newDeadDelivery(subscriptionId: string): Promise<string> {
  const rows = (await app.db.dataSource.query(
    `INSERT INTO webhook_deliveries (subscription_id, message_id, event_type, payload, status) VALUES ($1, gen_random_uuid(), 'claim.published', '{}'::jsonb, 'dead') RETURNING id`,
    [subscriptionId],
  )) as Array<{ id: string }>;
  return rows[0]!.id;
}
const webhookColumn = async (id: string, column: string): Promise<unknown> =>
  ((await app.db.dataSource.query(`SELECT ${column} AS value FROM webhook_subscriptions WHERE id = $1`, [id])) as Array<{ value: unknown }>)[0]!.value;
const evidenceBody = () => ({ url: `https://evidence.test/${uniqueToken()}`, title: 'Budget report', stance: 'refutes' });

/** One builder per row of the policy: the compiler refuses a row without one. */
const requests: Record<RouteKey, (caller: Caller) => Promise<Prepared>> = {
  'GET /api/v1/articles': async () => {
    await newArticle();
    return {
      send: (api) => api.get('/api/v1/articles').query({ limit: 5 }),
      shows: (body) => assert.ok(Array.isArray(body.items) && body.items.length > 0, 'a page of articles'),
    };
  },
  'GET /api/v1/articles/:id': async () => {
    const article = await newArticle();
    return { send: (api) => api.get(`/api/v1/articles/${article.id}`), shows: (body) => assert.equal(body.title, article.title) };
  },
  'GET /api/v1/articles/:id/history': async () => {
    const article = await newArticle();
    return {
      send: (api) => api.get(`/api/v1/articles/${article.id}/history`),
      shows: (body) => assert.deepEqual(body.items.map((item: { action: string }) => item.action), ['article.created']),
    };
  },
  'GET /api/v1/articles/:id/revisions': async () => {
    const article = await newArticle();
    return {
      send: (api) => api.get(`/api/v1/articles/${article.id}/revisions`),
      shows: (body) => assert.deepEqual(body.items.map((item: { number: number }) => item.number), [1]),
    };
  },
  'GET /api/v1/articles/:id/revisions/:number': async () => {
    const article = await newArticle();
    return { send: (api) => api.get(`/api/v1/articles/${article.id}/revisions/1`), shows: (body) => assert.equal(body.body, article.body) };
  },
  'GET /api/v1/articles/:id/candidates': async () => {
    const article = await newArticle();
    return {
      send: (api) => api.get(`/api/v1/articles/${article.id}/candidates`),
      shows: (body) => assert.ok(body.items.some((item: { quote: string }) => item.quote.includes('5 million dollars')), 'the sentence with a figure'),
    };
  },
  'GET /api/v1/claims': async () => {
    const claim = await newClaim();
    return {
      send: (api) => api.get('/api/v1/claims').query({ articleId: claim.articleId as string }),
      shows: (body) => assert.deepEqual(body.items.map((item: { id: string }) => item.id), [claim.id]),
    };
  },
  'GET /api/v1/claims/:id': async () => {
    const claim = await newClaim();
    return { send: (api) => api.get(`/api/v1/claims/${claim.id}`), shows: (body) => assert.equal(body.quote, claim.quote) };
  },
  'GET /api/v1/claims/:id/evidence': async () => {
    const claim = await newClaim();
    const { evidenceId } = await newEvidence(claim.id);
    return {
      send: (api) => api.get(`/api/v1/claims/${claim.id}/evidence`),
      shows: (body) => assert.deepEqual(body.items.map((item: { id: string }) => item.id), [evidenceId]),
    };
  },
  'GET /api/v1/claims/:id/history': async () => {
    const claim = await newClaim();
    return {
      send: (api) => api.get(`/api/v1/claims/${claim.id}/history`),
      shows: (body) => assert.deepEqual(body.items.map((item: { action: string }) => item.action), ['claim.created']),
    };
  },
  'GET /api/v1/claims/:id/similar': async () => {
    const claim = await newClaim();
    return {
      send: (api) => api.get(`/api/v1/claims/${claim.id}/similar`),
      shows: (body) => assert.ok(!body.items.some((item: { id: string }) => item.id === claim.id), 'a claim is not listed as similar to itself'),
    };
  },
  'GET /api/v1/ratings': async () => ({
    send: (api) => api.get('/api/v1/ratings'),
    shows: (body) => assert.ok(body.ratings.length > 0, 'the rating scale has ratings'),
  }),
  'GET /api/v1/articles/:id/status': async () => {
    const claim = await newClaim();
    return {
      send: (api) => api.get(`/api/v1/articles/${claim.articleId as string}/status`),
      shows: (body) => assert.deepEqual(body.claims.map((item: { id: string }) => item.id), [claim.id]),
    };
  },
  'GET /api/v1/desk': async () => {
    const claim = await newClaim();
    const taken = await editorApi()
      .post(`/api/v1/claims/${claim.id}/transitions`)
      .set('If-Match', await etagOf(claim.id))
      .send({ to: 'in_progress' });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    return {
      send: (api) => api.get('/api/v1/desk').query({ articleId: claim.articleId as string }),
      shows: (body) =>
        assert.deepEqual(
          body.inProgressByAssignee.flatMap((group: { claims: Array<{ id: string }> }) => group.claims.map((item) => item.id)),
          [claim.id],
        ),
    };
  },

  'GET /api/v1/exports/claims.csv': async () => {
    const claimant = `Exported ${uniqueToken()}`;
    const claim = await createClaim(editorApi(), (await newArticle()).id, { claimant });
    return {
      send: (api) => api.get('/api/v1/exports/claims.csv').query({ claimant }),
      shows: (_body, text) => assert.match(text, new RegExp(`^${claim.id},`, 'm')),
    };
  },
  'GET /api/v1/exports/claims.jsonl': async () => {
    const claimant = `Exported ${uniqueToken()}`;
    const claim = await createClaim(editorApi(), (await newArticle()).id, { claimant });
    return {
      // Buffered as text: supertest parses no application/jsonl of itself.
      send: (api) => api.get('/api/v1/exports/claims.jsonl').query({ claimant }).buffer(true),
      shows: (_body, text) => assert.equal((JSON.parse(text) as { id: string }).id, claim.id),
    };
  },
  'POST /api/v1/imports/claimreview': async () => {
    const url = `https://checkers.test/matrix-${uniqueToken()}`;
    const review = { '@type': 'ClaimReview', url, claimReviewed: 'The bridge cost 5 million dollars', reviewRating: { alternateName: 'False' } };
    return {
      send: (api) => api.post('/api/v1/imports/claimreview').set('Content-Type', 'application/ld+json').send(JSON.stringify(review)),
      tookEffect: async () => ((await app.db.dataSource.query('SELECT id FROM external_fact_checks WHERE url = $1', [url])) as unknown[]).length === 1,
    };
  },
  'POST /api/v1/articles': async () => {
    const token = uniqueToken();
    const url = `https://news.test/matrix-${token}`;
    return {
      send: (api) => api.post('/api/v1/articles').send({ url, title: `Matrix ${token}`, language: 'en', body: `Text ${token}.` }),
      tookEffect: async () => {
        const rows = (await app.db.dataSource.query('SELECT id FROM articles WHERE url = $1', [url])) as unknown[];
        return rows.length === 1;
      },
    };
  },
  'PATCH /api/v1/articles/:id': async () => {
    const article = await newArticle();
    const title = `Retitled ${uniqueToken()}`;
    return {
      send: (api) => api.patch(`/api/v1/articles/${article.id}`).send({ title }),
      tookEffect: async () => (await editorApi().get(`/api/v1/articles/${article.id}`)).body.title === title,
    };
  },
  'PUT /api/v1/articles/:id/body': async () => {
    const article = await newArticle();
    const body = `Revised ${uniqueToken()}. ${article.body}`;
    return {
      send: (api) => api.put(`/api/v1/articles/${article.id}/body`).set('If-Match', '"v1"').send({ body }),
      tookEffect: async () => (await editorApi().get(`/api/v1/articles/${article.id}`)).body.body === body,
    };
  },
  'POST /api/v1/articles/:id/claims': async () => {
    const article = await newArticle();
    return {
      send: (api) =>
        api.post(`/api/v1/articles/${article.id}/claims`).send({ quote: 'Critics said the figure was too low.', claimant: 'Critics' }),
      tookEffect: async () => (await editorApi().get(`/api/v1/articles/${article.id}`)).body.claimCounts.total === 1,
    };
  },
  'PATCH /api/v1/claims/:id': async () => {
    const claim = await newClaim();
    const etag = await etagOf(claim.id);
    const summary = `Summary ${uniqueToken()}`;
    return {
      send: (api) => api.patch(`/api/v1/claims/${claim.id}`).set('If-Match', etag).send({ summary }),
      tookEffect: async () => (await editorApi().get(`/api/v1/claims/${claim.id}`)).body.summary === summary,
    };
  },
  'POST /api/v1/claims/:id/evidence': async () => {
    const claim = await newClaim();
    const etag = await etagOf(claim.id);
    return {
      send: (api) => api.post(`/api/v1/claims/${claim.id}/evidence`).set('If-Match', etag).send(evidenceBody()),
      tookEffect: async () => (await editorApi().get(`/api/v1/claims/${claim.id}/evidence`)).body.items.length === 1,
    };
  },
  'POST /api/v1/claims/:id/evidence/:evidenceId/retraction': async () => {
    const claim = await newClaim();
    const { evidenceId, etag } = await newEvidence(claim.id);
    return {
      send: (api) =>
        api.post(`/api/v1/claims/${claim.id}/evidence/${evidenceId}/retraction`).set('If-Match', etag).send({ reason: 'Page was a hoax' }),
      tookEffect: async () => {
        const items = (await editorApi().get(`/api/v1/claims/${claim.id}/evidence`)).body.items as Array<{ retraction: unknown }>;
        return items[0]?.retraction != null;
      },
    };
  },
  'POST /api/v1/claims/:id/transitions': async () => {
    const claim = await newClaim();
    const etag = await etagOf(claim.id);
    return {
      send: (api) => api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', etag).send({ to: 'in_progress' }),
      tookEffect: async () => (await editorApi().get(`/api/v1/claims/${claim.id}`)).body.status === 'in_progress',
    };
  },

  'GET /api/v1/users': async () => {
    const { user } = await newPerson();
    return {
      send: (api) => api.get('/api/v1/users'),
      shows: (body) => assert.ok(body.items.some((item: { id: string }) => item.id === user.id), 'the new person is listed'),
    };
  },
  'POST /api/v1/users': async () => {
    const name = `person-${uniqueToken()}`;
    return {
      send: (api) => api.post('/api/v1/users').send({ name, role: 'checker' }),
      tookEffect: async () => {
        const rows = (await app.db.dataSource.query('SELECT id FROM users WHERE name = $1', [name])) as unknown[];
        return rows.length === 1;
      },
    };
  },
  'GET /api/v1/users/:id': async () => {
    const { user } = await newPerson();
    return { send: (api) => api.get(`/api/v1/users/${user.id}`), shows: (body) => assert.equal(body.name, user.name) };
  },
  'GET /api/v1/users/:id/tokens': async () => {
    const { user, token } = await newPerson();
    return {
      send: (api) => api.get(`/api/v1/users/${user.id}/tokens`),
      shows: (body) => assert.deepEqual(body.items.map((item: { id: string }) => item.id), [token.id]),
    };
  },
  'POST /api/v1/users/:id/tokens': async () => {
    const { user, token } = await newPerson();
    await revokeToken(app.db.dataSource.manager, token.id); // a first token is only for someone who holds none
    return {
      send: (api) => api.post(`/api/v1/users/${user.id}/tokens`).send({ label: 'laptop' }),
      tookEffect: async () => (await admin.api.get(`/api/v1/users/${user.id}/tokens`)).body.items.length === 2,
    };
  },
  'POST /api/v1/tokens/:id/revoke': async () => {
    const { token, secret } = await newPerson();
    return {
      send: (api) => api.post(`/api/v1/tokens/${token.id}/revoke`),
      tookEffect: async () => (await app.anonymous.get('/api/v1/me').set('Authorization', `Bearer ${secret}`)).status === 401,
    };
  },
  'POST /api/v1/users/:id/password-link': async () => {
    const { user } = await newPerson();
    return {
      send: (api) => api.post(`/api/v1/users/${user.id}/password-link`),
      tookEffect: async () => ((await app.db.dataSource.query('SELECT id FROM password_links WHERE user_id = $1', [user.id])) as unknown[]).length === 1,
    };
  },
  'POST /api/v1/users/:id/disable': async () => {
    const { user, secret } = await newPerson();
    return {
      send: (api) => api.post(`/api/v1/users/${user.id}/disable`),
      tookEffect: async () => (await app.anonymous.get('/api/v1/me').set('Authorization', `Bearer ${secret}`)).status === 401,
    };
  },
  'POST /api/v1/users/:id/enable': async () => {
    const { user, secret } = await newPerson();
    await app.db.dataSource.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
    return {
      send: (api) => api.post(`/api/v1/users/${user.id}/enable`),
      tookEffect: async () => (await app.anonymous.get('/api/v1/me').set('Authorization', `Bearer ${secret}`)).status === 200,
    };
  },
  'POST /api/v1/users/:id/sessions/end': async () => {
    const { user } = await newPerson();
    const { session } = await startSession(app.db.dataSource.manager, user.id, app.config.session);
    return {
      send: (api) => api.post(`/api/v1/users/${user.id}/sessions/end`),
      tookEffect: async () =>
        ((await app.db.dataSource.query('SELECT ended_at FROM web_sessions WHERE id = $1', [session.id])) as Array<{ ended_at: Date | null }>)[0]!.ended_at !== null,
    };
  },

  'GET /api/v1/webhooks': async () => {
    const id = await newWebhook();
    return { send: (api) => api.get('/api/v1/webhooks'), shows: (body) => assert.ok(body.items.some((item: { id: string }) => item.id === id)) };
  },
  'POST /api/v1/webhooks': async () => {
    const description = `matrix ${uniqueToken()}`;
    return {
      send: (api) => api.post('/api/v1/webhooks').send({ url: webhookUrl, events: ['claim.published'], description }),
      tookEffect: async () => {
        const rows = (await app.db.dataSource.query('SELECT id FROM webhook_subscriptions WHERE description = $1', [description])) as unknown[];
        await app.db.dataSource.query('UPDATE webhook_subscriptions SET active = false WHERE description = $1', [description]);
        return rows.length === 1;
      },
    };
  },
  'GET /api/v1/webhooks/:id': async () => {
    const id = await newWebhook();
    return { send: (api) => api.get(`/api/v1/webhooks/${id}`), shows: (body) => assert.equal(body.id, id) };
  },
  'PATCH /api/v1/webhooks/:id': async () => {
    const id = await newWebhook();
    const description = `matrix ${uniqueToken()}`;
    return {
      send: (api) => api.patch(`/api/v1/webhooks/${id}`).send({ description }),
      tookEffect: async () => (await webhookColumn(id, 'description')) === description,
    };
  },
  'POST /api/v1/webhooks/:id/rotate-secret': async () => {
    const id = await newWebhook();
    return { send: (api) => api.post(`/api/v1/webhooks/${id}/rotate-secret`), tookEffect: async () => (await webhookColumn(id, 'previous_secret')) !== null };
  },
  'GET /api/v1/webhooks/:id/deliveries': async () => {
    const id = await newWebhook();
    const deliveryId = await newDeadDelivery(id);
    return {
      send: (api) => api.get(`/api/v1/webhooks/${id}/deliveries`),
      shows: (body) => assert.deepEqual(body.items.map((item: { id: string }) => item.id), [deliveryId]),
    };
  },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': async () => {
    const id = await newWebhook();
    const deliveryId = await newDeadDelivery(id);
    return {
      send: (api) => api.post(`/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`),
      tookEffect: async () =>
        ((await app.db.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = $1', [deliveryId])) as Array<{ status: string }>)[0]!.status === 'pending',
    };
  },

  'GET /metrics': async () => {
    await app.anonymous.get('/feed.json');
    return {
      send: (api) => api.get('/metrics'),
      shows: (_body, text) => assert.match(text, /^http_requests_total\{method="GET",route="\/feed\.json",status="200"\} [1-9]/m),
    };
  },

  'GET /api/v1/me/tokens': async (caller) => ({
    send: (api) => api.get('/api/v1/me/tokens'),
    shows: (body) => {
      assert.ok(body.items.length > 0, 'the caller’s tokens');
      assert.ok(body.items.every((token: { userId: string }) => token.userId === caller.id), 'only the caller’s');
    },
  }),
  'POST /api/v1/me/tokens': async () => {
    const label = `matrix ${uniqueToken()}`;
    return {
      send: (api) => api.post('/api/v1/me/tokens').send({ label }),
      tookEffect: async () => ((await app.db.dataSource.query('SELECT id FROM api_tokens WHERE label = $1', [label])) as unknown[]).length === 1,
    };
  },
  'POST /api/v1/me/tokens/:id/revoke': async (caller) => {
    const owner = caller.id ?? (await newPerson()).user.id;
    const { token } = await issueToken(app.db.dataSource.manager, owner, 'to revoke');
    return {
      send: (api) => api.post(`/api/v1/me/tokens/${token.id}/revoke`),
      tookEffect: async () => ((await app.db.dataSource.query('SELECT revoked_at FROM api_tokens WHERE id = $1', [token.id])) as Array<{ revoked_at: Date | null }>)[0]!.revoked_at !== null,
    };
  },

  'GET /api/v1/me': async (caller) => ({
    send: (api) => api.get('/api/v1/me'),
    shows: (body) => assert.deepEqual({ id: body.id, role: body.role }, { id: caller.id, role: caller.role }),
  }),

  'GET /api/v1/me/claims': async () => ({
    send: (api) => api.get('/api/v1/me/claims'),
    shows: (body) => assert.ok(Array.isArray(body.holding) && Array.isArray(body.sentBack)),
  }),
};

const roles: Role[] = ['checker', 'editor', 'admin'];
const unauthenticated = ['no token', 'a malformed token', 'an unknown token', 'a revoked token'] as const;
const routeKeys = Object.keys(policy) as RouteKey[];
const needsToken = (route: string): boolean => route.includes(' /api/') || route === 'GET /metrics';
const methodOf = (key: RouteKey): string => key.split(' ')[0]!;

describe('role matrix: who may call which route', () => {
  const agents = {} as Record<Role, TestUser>;
  const revoked = {} as Record<Role, supertest.Agent>;
  let unknown: supertest.Agent;
  let malformed: supertest.Agent;

  before(async () => {
    app = await startTestApp();
    for (const role of roles) agents[role] = await app.user(role);
    admin = agents.admin;
    for (const role of roles) {
      const { token, secret } = await newPerson(role);
      await revokeToken(app.db.dataSource.manager, token.id);
      revoked[role] = supertest.agent(app.baseUrl).set('Authorization', `Bearer ${secret}`);
    }
    unknown = supertest.agent(app.baseUrl).set('Authorization', `Bearer ct_${randomBytes(32).toString('base64url')}`);
    malformed = supertest.agent(app.baseUrl).set('Authorization', `Bearer ${agents.editor.token}!`);
  });
  after(() => app.close());

  it('when the app’s routes are listed, then each one under /api/v1 has a row in the policy and each row is a route', () => {
    const express = createApp({ config: app.config, db: app.db, logger: pino({ level: 'silent' }), publicCache: new PublicCache() });
    // One path may be two routes (GET /fact-checks: the JSON search, then the page): one policy row.
    const routes = [...new Set(listRoutes((express as unknown as { router: unknown }).router))];
    assert.ok(routes.includes('GET /api/v1/articles/:id'), `the walk finds nested routes: ${routes.join(', ')}`);
    assert.deepEqual(
      routes.filter(needsToken).sort(),
      [...routeKeys].sort(),
      'a route without a policy row, or a row without a route',
    );
    // The pages (sessions, not tokens) are checked by their own tests under test/web and beside their resources.
    const isPage = (route: string) => isPagePath(route.split(' ')[1]!);
    assert.deepEqual(routes.filter((route) => !needsToken(route) && !isPage(route)).sort(), [...publicRoutes].sort());
    // The signed-in pages have their own session checks (test/web); the public ones are listed here.
    const open = routes.filter((route) => !needsToken(route) && !isPagePath(route.split(' ')[1]!));
    assert.deepEqual(open.sort(), [...publicRoutes].sort());
  });

  it('when a public route is called without a token, then it answers without asking for one', async () => {
    for (const [route, [path, status]] of Object.entries(publicRouteProbes)) {
      const response = await app.anonymous.get(path);
      assert.equal(response.status, status, `${route}: ${response.text}`);
    }
  });

  for (const key of routeKeys) {
    const method = methodOf(key);
    const isWrite = method !== 'GET';

    describe(key, () => {
      for (const who of unauthenticated) {
        it(`when called with ${who}, then 401 unauthenticated with a WWW-Authenticate: Bearer challenge${isWrite ? ' and nothing changes' : ''}`, async () => {
          // A revoked token of a role that the route would otherwise let through.
          const allowedRole = roles.find((role) => policy[key][role] < 400)!;
          const api = { 'no token': app.anonymous, 'a malformed token': malformed, 'an unknown token': unknown, 'a revoked token': revoked[allowedRole] }[who];
          const prepared = await requests[key]({ name: who, role: null, id: null, api });
          const response = await prepared.send(api);
          assertProblem(response, 401, 'unauthenticated');
          assert.match(String(response.headers['www-authenticate']), /^Bearer\b/);
          if (isWrite) assert.equal(await prepared.tookEffect!(), false, 'the refused write changed something');
        });
      }

      for (const role of roles) {
        const status = policy[key][role];
        const allowed = status < 400;
        const outcome = allowed ? `${status}${isWrite ? ' and the change is made' : ' with the data'}` : `403 forbidden${isWrite ? ' and nothing changes' : ''}`;
        it(`when called by ${role === 'checker' ? 'a' : 'an'} ${role}, then ${outcome}`, async () => {
          const caller: Caller = { name: role, role, id: agents[role].id, api: agents[role].api };
          const prepared = await requests[key](caller);
          assert.equal(isWrite, prepared.tookEffect !== undefined, 'a write says how to see its effect; a read does not');
          const response = await prepared.send(caller.api);
          if (allowed) {
            assert.equal(response.status, status, JSON.stringify(response.body));
            prepared.shows?.(response.body, response.text);
          } else {
            assertProblem(response, 403, 'forbidden');
            assert.equal(response.headers['www-authenticate'], undefined, 'a 403 does not ask for other credentials');
          }
          if (isWrite) assert.equal(await prepared.tookEffect!(), allowed, allowed ? 'the write did not take effect' : 'the refused write changed something');
        });
      }

      const firstTokenMayCall = firstTokenMay.has(key);
      it(`when called with a first token an admin handed out, then ${firstTokenMayCall ? 'it answers as for its role' : '403 token-must-be-replaced'}${isWrite ? (firstTokenMayCall ? ' and the change is made' : ' and nothing changes') : ''}`, async () => {
        const role = roles.find((candidate) => policy[key][candidate] < 400)!;
        const { user, secret } = await createUserAsAdmin(app.db.dataSource.manager, { name: `first-${uniqueToken()}`, role }, admin);
        const api = supertest.agent(app.baseUrl).set('Authorization', `Bearer ${secret}`);
        const prepared = await requests[key]({ name: `first token of a ${role}`, role, id: user.id, api });
        const response = await prepared.send(api);
        if (firstTokenMayCall) {
          assert.equal(response.status, policy[key][role], JSON.stringify(response.body));
          prepared.shows?.(response.body, response.text);
        } else {
          assertProblem(response, 403, 'token-must-be-replaced');
        }
        if (isWrite) assert.equal(await prepared.tookEffect!(), firstTokenMayCall, 'the write’s effect');
      });
    });
  }
});
