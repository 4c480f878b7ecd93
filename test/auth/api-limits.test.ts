import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import type supertest from 'supertest';
import type { Config } from '../../src/config/config';
import { assertProblem } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const onPostgres = Boolean(process.env.DATABASE_URL);
const stores = ['memory', 'postgres'] as const;

/** The PostgreSQL store counts per fixed minute: start well inside one, so that a window does not end mid-test. */
async function wellInsideAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
}

async function withApp(overrides: Partial<Config>, test: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startTestApp(overrides);
  try {
    await test(app);
  } finally {
    await app.close();
  }
}

function assertRateLimited(response: { status: number; headers: Record<string, unknown>; text: string }, limit: number): void {
  assertProblem(response as supertest.Response, 429, 'rate-limited');
  assert.ok(Number(response.headers['retry-after']) > 0, `Retry-After: ${String(response.headers['retry-after'])}`);
  assert.ok(Number(response.headers['retry-after']) <= 60);
  assert.match(String(response.headers.ratelimit), /remaining=0/);
  assert.equal(response.headers['ratelimit-policy'], `${limit};w=60`);
}

/** GET from another loopback address: another client, as far as the server can tell. */
function getFrom(localAddress: string, url: string, token: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text }));
    });
    request.on('error', reject);
  });
}

describe('API rate limits', () => {
  for (const store of stores) {
    it(`when a token makes a 4th request within a minute against API_RATE_LIMIT=3 (${store} store), then 429 with Retry-After before its body is read, while another token is served`, async () => {
      await withApp(
        { apiRateLimit: { perTokenPerMinute: 3, authFailuresPerMinute: 1_000 }, publicRateLimit: { perMinute: 1_000, store } },
        async (app) => {
          await wellInsideAMinute();
          for (let request = 1; request <= 3; request++) {
            const response = await app.api.get('/api/v1/me');
            assert.equal(response.status, 200, `request ${request}`);
            assert.match(String(response.headers.ratelimit), new RegExp(`remaining=${3 - request}`));
          }
          const refused = await app.api.post('/api/v1/articles').set('Content-Type', 'application/json').send('{"broken":');
          assertRateLimited(refused, 3);
          assertRateLimited(await app.api.get('/api/v1/me'), 3);

          const other = await app.user('checker');
          const served = await other.api.get('/api/v1/me');
          assert.equal(served.status, 200, 'another token has a count of its own');
          const health = await app.anonymous.get('/health');
          assert.equal(health.status, 200, 'routes outside /api/v1 are not counted');
        },
      );
    });

    it(`when a client sends a 4th failing token within a minute against AUTH_FAILURE_LIMIT=3 (${store} store), then 429, then even a valid token from it is refused, while another client is served`, async () => {
      await withApp(
        { apiRateLimit: { perTokenPerMinute: 1_000, authFailuresPerMinute: 3 }, publicRateLimit: { perMinute: 1_000, store } },
        async (app) => {
          await wellInsideAMinute();
          // Failures are counted by client address, and the PostgreSQL store may hold an earlier run's.
          await app.db.dataSource.query(`DELETE FROM public_rate_limits WHERE key LIKE 'auth-failures:%'`);
          const me = `${app.baseUrl}/api/v1/me`;
          for (let request = 1; request <= 5; request++) {
            assertProblem(await app.anonymous.get('/api/v1/me'), 401, 'unauthenticated');
          }
          const guess = (n: number) => `ct_${String(n).padStart(43, 'x')}`;
          for (let attempt = 1; attempt <= 3; attempt++) {
            const response = await getFrom('127.0.0.1', me, guess(attempt));
            assertProblem(response as supertest.Response, 401, 'unauthenticated');
            assert.match(String(response.headers.ratelimit), new RegExp(`remaining=${3 - attempt}`), 'requests without a token were not counted');
          }
          const fourth = await getFrom('127.0.0.1', me, guess(4));
          assertRateLimited(fourth, 3);
          assert.equal(fourth.headers['www-authenticate'], undefined);
          assertRateLimited(await getFrom('127.0.0.1', me, app.token), 3);

          const elsewhere = await getFrom('127.0.0.2', me, app.token);
          assert.equal(elsewhere.status, 200, 'another client is not blocked');
        },
      );
    });
  }

  it('when two instances count in PostgreSQL, then 2 requests on one and 1 on the other make the 4th with that token a 429', { skip: !onPostgres && 'needs DATABASE_URL' }, async () => {
    const options = { apiRateLimit: { perTokenPerMinute: 3, authFailuresPerMinute: 1_000 }, publicRateLimit: { perMinute: 1_000, store: 'postgres' } } as const;
    await withApp(options, async (a) => {
      await withApp(options, async (b) => {
        await wellInsideAMinute();
        const viaB = () => b.anonymous.get('/api/v1/me').set('Authorization', `Bearer ${a.token}`);
        assert.equal((await a.api.get('/api/v1/me')).status, 200);
        assert.equal((await a.api.get('/api/v1/me')).status, 200);
        assert.equal((await viaB()).status, 200);
        assertRateLimited(await viaB(), 3);
        assertRateLimited(await a.api.get('/api/v1/me'), 3);
      });
    });
  });
});
