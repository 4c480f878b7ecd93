import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { problemCatalogue, problemTypeUri, type ProblemSlug } from '../../src/errors/catalogue';
import { openApiDocument } from '../../src/openapi/document';
import { routes as routeTable } from '../../src/openapi/routes';
import { PublicCache } from '../../src/public-cache/public-cache';
import type { Role } from '../../src/users/role';
import { articleBody, createArticle, createClaim, uniqueToken } from '../support/factories';
import {
  ajv,
  assertMatchesDocumented,
  assertRequestMatchesDocumented,
  document,
  requestIsDocumentedValid,
} from '../support/openapi';
import { countInvalidations, withoutInvalidation } from '../support/public-cache';
import { listRoutes } from '../support/routes';
import { isPagePath } from '../../src/web/page-paths';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { addEvidence, driveTo, hireCrew, moved, newClaim, readClaim, type Crew } from '../support/workflow';

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const unknownId = '00000000-0000-4000-8000-000000000000';
const roles: Role[] = ['checker', 'editor', 'admin'];
/** Paths that need a token: the API, and the service's metrics (kept at /metrics, where Prometheus looks). */
const needsToken = (path: string): boolean => path.startsWith('/api/v1/') || path === '/metrics';

/** Every operation of the document, as "METHOD /path" with Express's :param form. */
const documentedRoutes = (): string[] =>
  Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => methods.includes(key))
      .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );

describe('OpenAPI document and docs page', () => {
  let app: TestApp;
  let agents: Record<Role, TestUser>;
  let crew: Crew;

  before(async () => {
    app = await startTestApp();
    agents = { checker: await app.user('checker'), editor: await app.user('editor'), admin: await app.user('admin') };
    crew = await hireCrew(app);
  });
  after(() => app.close());

  describe('the document', () => {
    it('when GET /openapi.json is called without a token, then it answers the document built at start-up, cacheable and open to any origin', async () => {
      const response = await app.anonymous.get('/openapi.json');
      assertMatchesDocumented(response, 'GET', '/openapi.json');
      assert.deepEqual(response.body, openApiDocument(app.baseUrl));
      assert.deepEqual({ ...response.body, servers: document.servers }, document, 'only servers differs by site');
      assert.equal(response.headers['access-control-allow-origin'], '*');
      const again = await app.anonymous.get('/openapi.json').set('If-None-Match', String(response.headers.etag));
      assert.equal(again.status, 304);
      assertMatchesDocumented(again, 'GET', '/openapi.json');
    });

    it('when the app’s routes are listed, then each one is documented with its method and path, and each documented operation is a route', () => {
      const express = createApp({ config: app.config, db: app.db, logger: pino({ level: 'silent' }), publicCache: new PublicCache() });
      // The browser's pages answer HTML for people, not the API: the document describes the API and the public JSON.
      // One path may be two routes (GET /fact-checks: the JSON search, then the page): the document lists it once.
      const routes = [...new Set(listRoutes((express as unknown as { router: unknown }).router).filter((route) => !isPagePath(route.split(' ')[1]!)))];
      assert.ok(routes.includes('GET /api/v1/claims/:id/evidence'), `the walk finds nested routes: ${routes.join(', ')}`);
      assert.deepEqual(documentedRoutes().sort(), [...routes].sort(), 'a route the document leaves out, or an operation that is no route');
    });

    it('when validated against the OpenAPI 3.1 schema, then it is valid', async () => {
      const { Validator } = await import('@seriousme/openapi-schema-validator');
      const validator = new Validator();
      const result = await validator.validate(structuredClone(document));
      assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors, null, 2)?.slice(0, 3000));
      assert.equal(result.valid, true);
      assert.equal(validator.version, '3.1');
    });

    it('when every component schema is compiled as strict JSON Schema 2020-12, then none has an unknown keyword, format or dangling $ref', () => {
      for (const name of Object.keys(document.components.schemas as object)) {
        assert.doesNotThrow(() => ajv.compile({ $ref: `https://claim-tracker.test/components.json#/$defs/${name}` }), name);
      }
    });

    it('when each operation is read, then /api/v1 ones and /metrics ask for a bearer token and name their roles, and the rest ask for none', () => {
      assert.deepEqual(document.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', description: document.components.securitySchemes.bearerAuth.description });
      for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
        for (const [method, operation] of Object.entries(item)) {
          const where = `${method.toUpperCase()} ${path}`;
          if (needsToken(path)) {
            assert.deepEqual(operation.security, [{ bearerAuth: [] }], where);
            assert.ok(Array.isArray(operation['x-roles']) && operation['x-roles'].length > 0, `${where} names its roles`);
            assert.ok(operation.responses['401'], `${where} documents 401`);
          } else {
            assert.deepEqual(operation.security, [], where);
          }
        }
      }
    });

    it('when each role calls each operation that needs a token, then it is refused with 403 exactly when the document does not name its role', async () => {
      for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
        if (!needsToken(path)) continue;
        for (const [method, operation] of Object.entries(item)) {
          const url = path.replace(/\{\w+\}/g, unknownId);
          for (const role of roles) {
            // Unknown ids and empty bodies: whoever is let through is answered 404 or 422, and nothing changes.
            let request = agents[role].api[method as 'get' | 'post' | 'patch'](url);
            if (method !== 'get') request = request.send({});
            const response = await request;
            const documentedAllowed = (operation['x-roles'] as string[]).includes(role);
            assert.equal(response.status === 403, !documentedAllowed, `${method.toUpperCase()} ${path} as ${role}: ${response.status}`);
            assertMatchesDocumented(response, method, path);
          }
        }
      }
    });

    it('when /openapi.json is read, then servers is PUBLIC_BASE_URL, else the PUBLIC_HOSTS entry asked for (the first for any other Host), else http://HOST:port', async () => {
      const serversOf = async (overrides: Partial<typeof app.config>, host?: string) => {
        const express = createApp({ config: { ...app.config, ...overrides }, db: app.db, logger: pino({ level: 'silent' }), publicCache: new PublicCache() });
        const request = supertest(express).get('/openapi.json');
        const response = await (host ? request.set('Host', host) : request);
        assert.equal(response.status, 200, response.text);
        return (response.body.servers as Array<{ url: string }>).map((server) => server.url);
      };
      assert.deepEqual(await serversOf({ publicBaseUrl: 'https://checks.example.org' }, 'evil.test'), ['https://checks.example.org']);
      const hosts = { publicBaseUrl: undefined, publicHosts: ['checks.example.org', 'cek.example.id'] };
      assert.deepEqual(await serversOf(hosts, 'cek.example.id'), ['http://cek.example.id']);
      assert.deepEqual(await serversOf(hosts, 'evil.test'), ['http://checks.example.org'], 'an unlisted Host is never echoed');
      assert.deepEqual(await serversOf(hosts, 'evil.test'), ['http://checks.example.org'], 'the same, kept');
      // The running test server: neither set, so http://HOST:port.
      const served = await app.anonymous.get('/openapi.json').set('Host', 'evil.test');
      assert.deepEqual(served.body.servers.map((server: { url: string }) => server.url), [app.baseUrl]);
      assert.doesNotMatch(served.text, /evil\.test/);
    });

    it('when info is read, then it names the licence honestly: proprietary, with an SPDX LicenseRef and no open-source identifier', () => {
      const { license } = document.info;
      assert.equal(typeof license.name, 'string');
      assert.match(license.name, /Proprietary/);
      assert.match(license.identifier, /^LicenseRef-[A-Za-z0-9.-]+$/, 'an SPDX expression for a licence of our own');
      assert.equal(license.url, undefined, 'identifier and url are mutually exclusive in OpenAPI 3.1');
    });

    it('when each operation is read, then it lists every problem its route can produce, each as application/problem+json of the one Problem schema', () => {
      const documentedProblems = (operation: Record<string, any>): Map<number, string[]> =>
        new Map(
          Object.entries(operation.responses as Record<string, any>)
            .filter(([status]) => /^[45]\d\d$/.test(status))
            .map(([status, response]) => {
              const media = response.content['application/problem+json'];
              assert.ok(media, `${status} is application/problem+json`);
              assert.deepEqual(media.schema.allOf[0], { $ref: '#/components/schemas/Problem' });
              return [Number(status), media.schema.allOf[1].properties.type.enum as string[]];
            }),
        );
      for (const route of routeTable) {
        const where = `${route.method.toUpperCase()} ${route.path}`;
        const problems = documentedProblems(document.paths[route.path][route.method]);
        const expect = (slug: ProblemSlug, why: string) =>
          assert.ok(problems.get(problemCatalogue[slug].status)?.includes(problemTypeUri(slug)), `${where} documents ${slug} (${why})`);
        assert.ok([...problems.keys()].some((status) => status >= 400 && status < 500), `${where} has a 4XX`);
        for (const slug of ['malformed-request', 'request-timeout', 'headers-too-large'] as const) expect(slug, 'any request');
        if (route.auth !== 'public') expect('unauthenticated', 'a token is needed');
        if (route.auth !== 'public' && route.auth.length < roles.length) expect('forbidden', `only ${route.auth.join(', ')}`);
        if (/\{id\}|\{evidenceId\}|\{slug\}/.test(route.path)) expect('not-found', 'a path id');
        if (route.body) {
          for (const slug of ['malformed-json', 'invalid-encoding', 'payload-too-large', 'unsupported-media-type', 'validation-failed'] as const) expect(slug, 'a body');
        }
        if (route.query) expect('validation-failed', 'query parameters');
        if (route.ifMatch) for (const slug of ['precondition-required', 'invalid-if-match', 'precondition-failed'] as const) expect(slug, 'If-Match');
        if (route.rateLimited) expect('rate-limited', 'PUBLIC_RATE_LIMIT');
        if (route.database !== false) expect('database-unavailable', 'the database');
      }
    });

    it('when a claim change is read, then If-Match is a required header and the claim responses carry an ETag', () => {
      for (const [path, method] of [
        ['/api/v1/claims/{id}', 'patch'],
        ['/api/v1/claims/{id}/evidence', 'post'],
        ['/api/v1/claims/{id}/evidence/{evidenceId}/retraction', 'post'],
        ['/api/v1/claims/{id}/transitions', 'post'],
      ] as const) {
        const operation = document.paths[path][method];
        assert.ok(operation.parameters.some((parameter: { $ref?: string }) => parameter.$ref === '#/components/parameters/IfMatch'), path);
        assert.ok(operation.responses['428'] && operation.responses['412'], `${path} documents 428 and 412`);
        assert.ok(operation.responses['200'] ?? operation.responses['201'], path);
      }
      assert.equal(document.components.parameters.IfMatch.required, true);
      assert.ok(document.paths['/api/v1/claims/{id}'].get.responses['200'].headers.ETag);
    });
  });

  describe('the docs page', () => {
    it('when GET /docs is called without a token, then it answers HTML that loads Swagger UI from this server only, and each asset answers 200', async () => {
      const page = await app.anonymous.get('/docs');
      assertMatchesDocumented(page, 'GET', '/docs');
      const start = await app.anonymous.get('/docs/start-swagger-ui.js');
      assert.match(start.text, /SwaggerUIBundle\(/);
      assert.match(start.text, /url: '\/openapi\.json'/);
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      assert.ok(assets.includes('/docs/swagger-ui-bundle.js') && assets.includes('/docs/swagger-ui.css'), assets.join(', '));
      assert.doesNotMatch(page.text, /https?:\/\/|\/\/cdn|unpkg|jsdelivr/, 'nothing is loaded from elsewhere');
      const types: Record<string, RegExp> = { js: /javascript/, css: /text\/css/, png: /image\/png/ };
      for (const asset of assets) {
        const response = await app.anonymous.get(asset);
        assert.equal(response.status, 200, asset);
        assert.match(String(response.headers['content-type']), types[asset.split('.').at(-1)!]!, asset);
        // Compressed on the way (chunked, no Content-Length): the decoded body is what counts.
        const bytes = response.text ? response.text.length : Buffer.isBuffer(response.body) ? response.body.length : 0;
        assert.ok(bytes > 0, asset);
      }
    });

    it('when GET /docs/feed-extensions is called without a token, then it answers the static page that the feed’s about URLs point to', async () => {
      const page = await app.anonymous.get('/docs/feed-extensions');
      assertMatchesDocumented(page, 'GET', '/docs/feed-extensions');
      assert.match(page.text, /id="claimreview"/);
      assert.match(page.text, /id="corrections"/);
      assert.doesNotMatch(page.text, /<script|style=/, 'nothing the /docs CSP would block');
    });

    it('when a file of swagger-ui-dist that the page does not use is asked for, then it is not served', async () => {
      for (const path of ['/docs/index.html', '/docs/swagger-initializer.js', '/docs/package.json', '/docs/../package.json']) {
        assert.equal((await app.anonymous.get(path)).status, 404, path);
      }
    });
  });

  describe('responses match their documented schemas', () => {
    it('articles: create, list, get, patch', async () => {
      const token = uniqueToken();
      const body = { url: `https://news.test/${token}`, title: `Bridge ${token}`, publisher: 'Test Daily', language: 'en', publishedAt: '2026-11-20T08:00:00+07:00', body: articleBody(token) };
      assertRequestMatchesDocumented(body, 'POST', '/api/v1/articles');
      const created = await app.api.post('/api/v1/articles').send(body);
      assertMatchesDocumented(created, 'POST', '/api/v1/articles');
      assertMatchesDocumented(await app.api.get('/api/v1/articles').query({ limit: 1 }), 'GET', '/api/v1/articles');
      assertMatchesDocumented(await app.api.get(`/api/v1/articles/${created.body.id}`), 'GET', '/api/v1/articles/{id}');
      const minimal = await app.api.post('/api/v1/articles').send({ title: `No URL ${token}`, language: 'id', body: 'Teks.' });
      assertMatchesDocumented(minimal, 'POST', '/api/v1/articles');
      assert.equal(minimal.body.url, null);
      const patch = { title: `Retitled ${token}`, publisher: null };
      assertRequestMatchesDocumented(patch, 'PATCH', '/api/v1/articles/{id}');
      assertMatchesDocumented(await app.api.patch(`/api/v1/articles/${created.body.id}`).send(patch), 'PATCH', '/api/v1/articles/{id}');
    });

    it('claims: create, list, get, patch, and the article’s status', async () => {
      const article = await createArticle(app.api);
      const body = {
        quote: 'the new bridge cost 5 million dollars',
        claimant: 'The ministry',
        summary: 'The bridge cost $5m',
        claimDate: '2026-11-19',
        sources: [{ name: 'Ministry of Public Works', kind: 'government', url: 'https://pu.test/press', note: 'Press release' }],
      };
      assertRequestMatchesDocumented(body, 'POST', '/api/v1/articles/{id}/claims');
      const created = await app.api.post(`/api/v1/articles/${article.id}/claims`).send(body);
      assertMatchesDocumented(created, 'POST', '/api/v1/articles/{id}/claims');
      assertMatchesDocumented(await app.api.get('/api/v1/claims').query({ articleId: article.id }), 'GET', '/api/v1/claims');
      const read = await app.api.get(`/api/v1/claims/${created.body.id}`);
      assertMatchesDocumented(read, 'GET', '/api/v1/claims/{id}');
      const patch = { summary: null, sources: [] };
      assertRequestMatchesDocumented(patch, 'PATCH', '/api/v1/claims/{id}');
      const patched = await app.api.patch(`/api/v1/claims/${created.body.id}`).set('If-Match', String(read.headers.etag)).send(patch);
      assertMatchesDocumented(patched, 'PATCH', '/api/v1/claims/{id}');
      assert.equal(patched.headers.etag, '"v2"');
      assertMatchesDocumented(await app.api.get(`/api/v1/articles/${article.id}/status`), 'GET', '/api/v1/articles/{id}/status');
    });

    it('evidence and workflow: add, list, retract, transition, history, ratings, desk', async () => {
      const { checker, editor } = crew;
      const claim = await newClaim(checker.api);
      await moved(checker.api, claim.id, { to: 'in_progress' });
      const evidence = { url: `https://evidence.test/${uniqueToken()}`, title: 'Budget report', publisher: 'Ministry', excerpt: 'Rp 75 billion', stance: 'refutes', accessedAt: '2026-11-21T10:00:00+07:00', archiveUrl: null, note: 'p. 4' };
      assertRequestMatchesDocumented(evidence, 'POST', '/api/v1/claims/{id}/evidence');
      const added = await checker.api.post(`/api/v1/claims/${claim.id}/evidence`).set('If-Match', (await readClaim(checker.api, claim.id)).etag).send(evidence);
      assertMatchesDocumented(added, 'POST', '/api/v1/claims/{id}/evidence');
      const retracted = await checker.api
        .post(`/api/v1/claims/${claim.id}/evidence/${added.body.id}/retraction`)
        .set('If-Match', String(added.headers.etag))
        .send({ reason: 'Wrong year' });
      assertMatchesDocumented(retracted, 'POST', '/api/v1/claims/{id}/evidence/{evidenceId}/retraction');
      await addEvidence(checker.api, claim.id);
      assertMatchesDocumented(await checker.api.get(`/api/v1/claims/${claim.id}/evidence`), 'GET', '/api/v1/claims/{id}/evidence');

      const proposal = { to: 'in_review', rating: 'false', rationale: 'The budget says 75 billion rupiah.' };
      assertRequestMatchesDocumented(proposal, 'POST', '/api/v1/claims/{id}/transitions');
      const proposed = await checker.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', (await readClaim(checker.api, claim.id)).etag).send(proposal);
      assertMatchesDocumented(proposed, 'POST', '/api/v1/claims/{id}/transitions');
      assert.equal(proposed.body.proposal.rating, 'false');
      assertMatchesDocumented(await editor.api.get('/api/v1/desk').query({ articleId: claim.articleId as string }), 'GET', '/api/v1/desk');
      const published = await editor.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', String(proposed.headers.etag)).send({ to: 'published' });
      assertMatchesDocumented(published, 'POST', '/api/v1/claims/{id}/transitions');
      assertMatchesDocumented(await editor.api.get('/api/v1/desk').query({ articleId: claim.articleId as string, staleDays: 30 }), 'GET', '/api/v1/desk');
      assertMatchesDocumented(await editor.api.get(`/api/v1/articles/${claim.articleId as string}/status`), 'GET', '/api/v1/articles/{id}/status');
      assertMatchesDocumented(await checker.api.get(`/api/v1/claims/${claim.id}/history`), 'GET', '/api/v1/claims/{id}/history');
      assertMatchesDocumented(await checker.api.get('/api/v1/ratings'), 'GET', '/api/v1/ratings');
    });

    it('people: me, users and tokens', async () => {
      const admin = agents.admin.api;
      assertMatchesDocumented(await agents.checker.api.get('/api/v1/me'), 'GET', '/api/v1/me');
      const body = { name: `person-${uniqueToken()}`, role: 'checker' };
      assertRequestMatchesDocumented(body, 'POST', '/api/v1/users');
      const created = await admin.post('/api/v1/users').send(body);
      assertMatchesDocumented(created, 'POST', '/api/v1/users');
      const userId = created.body.user.id as string;
      assertMatchesDocumented(await admin.get('/api/v1/users'), 'GET', '/api/v1/users');
      assertMatchesDocumented(await admin.get(`/api/v1/users/${userId}`), 'GET', '/api/v1/users/{id}');
      const issued = await admin.post(`/api/v1/users/${userId}/tokens`);
      assertMatchesDocumented(issued, 'POST', '/api/v1/users/{id}/tokens');
      assertMatchesDocumented(await admin.post(`/api/v1/users/${userId}/tokens`).send({ label: 'laptop' }), 'POST', '/api/v1/users/{id}/tokens');
      assertMatchesDocumented(await admin.post(`/api/v1/tokens/${issued.body.id}/revoke`), 'POST', '/api/v1/tokens/{id}/revoke');
      assertMatchesDocumented(await admin.get(`/api/v1/users/${userId}/tokens`), 'GET', '/api/v1/users/{id}/tokens');
    });

    it('the public face: feed pages, fact-checks as JSON and as ClaimReview, 304, and 404', async () => {
      const { checker, editor } = crew;
      const article = await createArticle(checker.api);
      const first = await createClaim(checker.api, article.id, {
        summary: 'The bridge cost $5m',
        claimDate: '2026-11-19',
        sources: [
          { name: 'Ministry of Public Works', kind: 'government', url: 'https://pu.test/press' },
          { name: 'Test Wire', kind: 'wire_agency' },
        ],
      });
      const second = await createClaim(checker.api, article.id, { quote: 'Critics said the figure was too low.', claimant: 'Critics', sources: [] });
      for (const claim of [first, second]) await driveTo(crew, claim.id, 'published');
      // A correction: the first fact-check gets a second verdict.
      await moved(checker.api, first.id, { to: 'in_progress', note: 'New budget figures.' });
      await moved(checker.api, first.id, { to: 'in_review', rating: 'mostly-false', rationale: 'Revised: 4.8 million.' });
      await moved(editor.api, first.id, { to: 'published', note: 'Rating changed after revised figures.' });

      assertMatchesDocumented(await app.anonymous.get('/feed.json').query({ limit: 100 }), 'GET', '/feed.json');
      // Another test file's publication between the two reads changes the feed: read them again then.
      const { feed, notModified } = await withoutInvalidation(countInvalidations(app.publicCache), undefined, async () => {
        const feed = await app.anonymous.get('/feed.json').query({ limit: 1 });
        return { feed, notModified: await app.anonymous.get('/feed.json').query({ limit: 1 }).set('If-None-Match', String(feed.headers.etag)) };
      });
      assertMatchesDocumented(feed, 'GET', '/feed.json');
      assert.ok(feed.body.next_url, 'a next page');
      assertMatchesDocumented(notModified, 'GET', '/feed.json');
      assert.equal(notModified.status, 304);

      for (const claim of [first, second]) {
        const json = await app.anonymous.get(`/fact-checks/${claim.id}`);
        assertMatchesDocumented(json, 'GET', '/fact-checks/{id}');
        const ld = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/ld+json');
        assertMatchesDocumented(ld, 'GET', '/fact-checks/{id}');
        assert.equal(ld.body['@type'], 'ClaimReview');
      }
      assert.equal((await app.anonymous.get(`/fact-checks/${first.id}`)).body.corrections.length, 1);
      const missing = await app.anonymous.get(`/fact-checks/${unknownId}`);
      assertMatchesDocumented(missing, 'GET', '/fact-checks/{id}');
      assert.equal(missing.status, 404);
    });

    it('the service: health and the problem catalogue', async () => {
      assertMatchesDocumented(await app.anonymous.get('/health'), 'GET', '/health');
      assertMatchesDocumented(await app.anonymous.get('/problems'), 'GET', '/problems');
      assertMatchesDocumented(await app.anonymous.get('/problems/precondition-failed'), 'GET', '/problems/{slug}');
      assertMatchesDocumented(await app.anonymous.get('/problems/no-such-problem'), 'GET', '/problems/{slug}');
    });
  });

  describe('problem responses match their documented statuses, types and schema', () => {
    it('400, 415, 422 validation-failed (body and query), 404 and 401', async () => {
      const invalid = { title: '', language: 'not a tag!', body: 'x', extra: true };
      assert.equal(requestIsDocumentedValid(invalid, 'POST', '/api/v1/articles'), false, 'the document refuses it too');
      const unprocessable = await app.api.post('/api/v1/articles').send(invalid);
      assertMatchesDocumented(unprocessable, 'POST', '/api/v1/articles');
      assert.equal(unprocessable.status, 422);
      assert.ok(unprocessable.body.errors.length > 0);
      const badQuery = await app.api.get('/api/v1/claims').query({ limit: 0, status: 'lost' });
      assertMatchesDocumented(badQuery, 'GET', '/api/v1/claims');
      assert.equal(badQuery.status, 422);
      const malformed = await app.api.post('/api/v1/articles').set('Content-Type', 'application/json').send('{"title":');
      assertMatchesDocumented(malformed, 'POST', '/api/v1/articles');
      assert.equal(malformed.status, 400);
      const wrongType = await app.api.post('/api/v1/articles').set('Content-Type', 'text/plain').send('title');
      assertMatchesDocumented(wrongType, 'POST', '/api/v1/articles');
      assert.equal(wrongType.status, 415);
      for (const id of [unknownId, 'not-a-uuid']) {
        const missing = await app.api.get(`/api/v1/claims/${id}`);
        assertMatchesDocumented(missing, 'GET', '/api/v1/claims/{id}');
        assert.equal(missing.status, 404);
      }
      const anonymous = await app.anonymous.get('/api/v1/claims');
      assertMatchesDocumented(anonymous, 'GET', '/api/v1/claims');
      assert.equal(anonymous.status, 401);
      const unknownToken = await app.anonymous.post('/api/v1/articles').set('Authorization', `Bearer ct_${uniqueToken()}${uniqueToken()}`).send({});
      assertMatchesDocumented(unknownToken, 'POST', '/api/v1/articles');
      assert.equal(unknownToken.status, 401);
    });

    it('403, and the 422s of anchoring and of the workflow', async () => {
      const forbidden = await agents.checker.api.get('/api/v1/desk');
      assertMatchesDocumented(forbidden, 'GET', '/api/v1/desk');
      assert.equal(forbidden.status, 403);
      const adminWrite = await agents.admin.api.post('/api/v1/articles').send({ title: 'x', language: 'en', body: 'y' });
      assertMatchesDocumented(adminWrite, 'POST', '/api/v1/articles');
      assert.equal(adminWrite.status, 403);

      const article = await createArticle(app.api);
      for (const [body, status] of [
        [{ quote: 'Officials expect construction to finish next year.', claimant: 'Officials' }, 'quote-ambiguous'],
        [{ quote: 'Not in the article at all.', claimant: 'Nobody' }, 'quote-not-found'],
        [{ quote: 'Critics said', start: 0, end: 12, claimant: 'Critics' }, 'quote-mismatch'],
      ] as const) {
        const refused = await app.api.post(`/api/v1/articles/${article.id}/claims`).send(body);
        assertMatchesDocumented(refused, 'POST', '/api/v1/articles/{id}/claims');
        assert.equal(refused.body.type, `/problems/${status}`);
      }
      const claim = await createClaim(app.api, article.id);
      await moved(app.api, claim.id, { to: 'in_progress' });
      const guarded = await app.api
        .post(`/api/v1/claims/${claim.id}/transitions`)
        .set('If-Match', (await readClaim(app.api, claim.id)).etag)
        .send({ to: 'in_review', rating: 'false', rationale: 'No evidence yet.' });
      assertMatchesDocumented(guarded, 'POST', '/api/v1/claims/{id}/transitions');
      assert.equal(guarded.body.type, '/problems/transition-guard-failed');
    });

    it('409s, 412 and 428', async () => {
      const article = await createArticle(app.api);
      const duplicate = await app.api.post('/api/v1/articles').send({ url: article.url, title: 'Again', language: 'en', body: 'Again.' });
      assertMatchesDocumented(duplicate, 'POST', '/api/v1/articles');
      assert.equal(duplicate.status, 409);
      const claim = await createClaim(app.api, article.id);
      const locked = await app.api.patch(`/api/v1/articles/${article.id}`).send({ body: 'A new body.' });
      assertMatchesDocumented(locked, 'PATCH', '/api/v1/articles/{id}');
      assert.equal(locked.body.type, '/problems/article-body-locked');

      const { etag } = await readClaim(app.api, claim.id);
      const notAllowed = await app.api.post(`/api/v1/claims/${claim.id}/transitions`).set('If-Match', etag).send({ to: 'published' });
      assertMatchesDocumented(notAllowed, 'POST', '/api/v1/claims/{id}/transitions');
      assert.equal(notAllowed.status, 409);

      const required = await app.api.patch(`/api/v1/claims/${claim.id}`).send({ claimant: 'Someone' });
      assertMatchesDocumented(required, 'PATCH', '/api/v1/claims/{id}');
      assert.equal(required.status, 428);
      const stale = await app.api.patch(`/api/v1/claims/${claim.id}`).set('If-Match', '"v0"').send({ claimant: 'Someone' });
      assertMatchesDocumented(stale, 'PATCH', '/api/v1/claims/{id}');
      assert.equal(stale.status, 412);
      assert.equal(stale.body.currentEtag, etag);
      const staleEvidence = await app.api.post(`/api/v1/claims/${claim.id}/evidence`).set('If-Match', '"v0"').send({ url: 'https://evidence.test/x', stance: 'context' });
      assertMatchesDocumented(staleEvidence, 'POST', '/api/v1/claims/{id}/evidence');
      assert.equal(staleEvidence.status, 412);

      const evidence = await addEvidence(app.api, claim.id);
      const retract = async () =>
        app.api
          .post(`/api/v1/claims/${claim.id}/evidence/${evidence.id}/retraction`)
          .set('If-Match', (await readClaim(app.api, claim.id)).etag)
          .send({ reason: 'Dead link' });
      assertMatchesDocumented(await retract(), 'POST', '/api/v1/claims/{id}/evidence/{evidenceId}/retraction');
      const again = await retract();
      assertMatchesDocumented(again, 'POST', '/api/v1/claims/{id}/evidence/{evidenceId}/retraction');
      assert.equal(again.body.type, '/problems/evidence-already-retracted');

      const name = `person-${uniqueToken()}`;
      await agents.admin.api.post('/api/v1/users').send({ name, role: 'editor' });
      const taken = await agents.admin.api.post('/api/v1/users').send({ name, role: 'editor' });
      assertMatchesDocumented(taken, 'POST', '/api/v1/users');
      assert.equal(taken.body.type, '/problems/duplicate-user');
    });

    it('429 on the public face, with RateLimit and Retry-After', async () => {
      const limited = createApp({
        config: { ...app.config, publicRateLimit: { perMinute: 1, store: 'memory' } },
        db: app.db,
        logger: pino({ level: 'silent' }),
        publicCache: new PublicCache(),
      });
      const client = supertest(limited);
      const allowed = await client.get('/feed.json');
      assertMatchesDocumented(allowed, 'GET', '/feed.json');
      assert.equal(allowed.status, 200);
      const refused = await client.get(`/fact-checks/${unknownId}`);
      assertMatchesDocumented(refused, 'GET', '/fact-checks/{id}');
      assert.equal(refused.status, 429);
    });
  });
});
