import 'reflect-metadata'; // the route table's DTOs are decorated at import, before the app loads them
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { routes } from '../../src/openapi/routes';
import { assertProblem } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const someId = '00000000-0000-4000-8000-000000000000';
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, someId);
const allowOf = (response: supertest.Response) => String(response.headers.allow).split(',').map((method) => method.trim()).sort();

describe('a known path with a method it does not take', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('when a route is asked with DELETE or PUT (where it does not take it), then 405 method-not-allowed with Allow listing its methods, on every route of the table', async () => {
    for (const route of routes) {
      for (const method of ['delete', 'put'] as const) {
        if (route.method === method) continue;
        const response = await app.api[method](concrete(route.path));
        assertProblem(response, 405, 'method-not-allowed');
        assert.ok(allowOf(response).includes(route.method.toUpperCase()), `${method} ${route.path}: Allow ${response.headers.allow}`);
      }
    }
  });

  it('when the wrong method is sent, then Allow has HEAD with GET, OPTIONS where CORS preflights are answered, and the problem lists them too', async () => {
    const cases: [string, string, string[]][] = [
      ['delete', `/api/v1/claims/${someId}`, ['GET', 'HEAD', 'PATCH']],
      ['put', '/api/v1/articles', ['GET', 'HEAD', 'POST']],
      ['head', `/api/v1/tokens/${someId}/revoke`, ['POST']],
      ['post', '/feed.json', ['GET', 'HEAD', 'OPTIONS']],
      ['patch', `/fact-checks/${someId}`, ['GET', 'HEAD', 'OPTIONS']],
      ['post', '/openapi.json', ['GET', 'HEAD', 'OPTIONS']],
      ['post', '/docs', ['GET', 'HEAD']],
      ['post', '/health', ['GET', 'HEAD']],
      ['post', '/problems/not-found', ['GET', 'HEAD']],
    ];
    for (const [method, path, allow] of cases) {
      const response = await app.api[method as 'post'](path);
      assert.equal(response.status, 405, `${method} ${path}: ${response.status}`);
      assert.deepEqual(allowOf(response), allow, `${method} ${path}`);
      if (method !== 'head') assert.deepEqual([...(JSON.parse(response.text) as { allow: string[] }).allow].sort(), allow);
    }
  });

  it('when the path is unknown, then 404 route-not-found whatever the method', async () => {
    for (const method of ['get', 'delete', 'post'] as const) {
      assertProblem(await app.api[method]('/api/v1/nowhere'), 404, 'route-not-found');
      assertProblem(await app.anonymous[method]('/feed.xml'), 404, 'route-not-found');
    }
  });

  it('when no token is sent to an /api/v1 path with a wrong method, then 401 as for any API path', async () => {
    assertProblem(await app.anonymous.delete(`/api/v1/claims/${someId}`), 401, 'unauthenticated');
  });
});
