import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { publicCacheControl } from '../../src/public-cache/send-cached';
import { createArticle } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

type Answer = { status: number; headers: Headers };

const frameAncestorsNone = /(^|;)\s*frame-ancestors 'none'\s*(;|$)/;

function assertSecurityHeaders(name: string, { headers }: Answer) {
  assert.equal(headers.get('x-content-type-options'), 'nosniff', name);
  assert.equal(headers.get('referrer-policy'), 'no-referrer', name);
  assert.match(String(headers.get('content-security-policy')), frameAncestorsNone, name);
  assert.equal(headers.get('x-frame-options'), 'DENY', name);
}

describe('security headers', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.baseUrl}${path}`, { headers });
  const authorized = () => ({ authorization: `Bearer ${app.token}` });

  it('when any kind of response is sent, then it carries nosniff, no-referrer and a CSP that forbids framing', async () => {
    const answers: Record<string, Answer> = {
      'API 200': await get('/api/v1/claims', authorized()),
      'API 401': await get('/api/v1/claims'),
      'API 404': await get(`/api/v1/claims/${randomUUID()}`, authorized()),
      'API unknown route': await get('/api/v1/nothing-here', authorized()),
      'unknown route': await get('/nothing-here'),
      feed: await get('/feed.json'),
      'fact-check 404': await get(`/fact-checks/${randomUUID()}`),
      health: await get('/health'),
      'problem type': await get('/problems/not-found'),
      'openapi.json': await get('/openapi.json'),
      docs: await get('/docs'),
      'docs asset': await get('/docs/swagger-ui.css'),
      'malformed JSON': await fetch(`${app.baseUrl}/api/v1/articles`, {
        method: 'POST',
        headers: { ...authorized(), 'content-type': 'application/json' },
        body: '{"title":',
      }),
    };
    for (const [name, answer] of Object.entries(answers)) assertSecurityHeaders(name, answer);
    assert.equal(answers['malformed JSON']!.status, 400);
    assert.equal(answers['API unknown route']!.status, 404);
    assert.match(String(answers.feed!.headers.get('content-security-policy')), /default-src 'none'/, 'JSON loads nothing');
  });

  it('when Node refuses a request before the app (headers too large), then the raw answer carries nosniff and the CSP too', async () => {
    const { port } = new URL(app.baseUrl);
    const head = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.end(`GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`),
      );
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(answer.split('\r\n\r\n')[0]!));
    });
    assert.match(head, /^HTTP\/1\.1 431 /);
    assert.match(head, /\r\nX-Content-Type-Options: nosniff\r\n/);
    assert.match(head, /\r\nContent-Security-Policy: [^\r]*frame-ancestors 'none'/);
    assert.match(head, /\r\nCache-Control: no-store\r\n/);
  });

  it('when /api/v1 answers, whatever the status, then Cache-Control is no-store; the public routes keep their own caching and CORS', async () => {
    const article = await createArticle(app.api);
    const api: Record<string, Answer> = {
      '200': await get(`/api/v1/articles/${article.id}`, authorized()),
      '401': await get('/api/v1/articles'),
      '404': await get(`/api/v1/articles/${randomUUID()}`, authorized()),
      'unknown route': await get('/api/v1/nothing-here', authorized()),
      'created 201': await fetch(`${app.baseUrl}/api/v1/articles`, {
        method: 'POST',
        headers: { ...authorized(), 'content-type': 'application/json' },
        body: JSON.stringify({ title: `No store ${randomUUID()}`, language: 'en', body: 'Text.' }),
      }),
      'malformed JSON 400': await fetch(`${app.baseUrl}/api/v1/articles`, {
        method: 'POST',
        headers: { ...authorized(), 'content-type': 'application/json' },
        body: '{',
      }),
    };
    for (const [name, answer] of Object.entries(api)) assert.equal(answer.headers.get('cache-control'), 'no-store', name);
    assert.equal(api['created 201']!.status, 201);

    const feed = await get('/feed.json', { origin: 'https://reader.example' });
    assert.equal(feed.status, 200);
    assert.equal(feed.headers.get('cache-control'), publicCacheControl);
    assert.equal(feed.headers.get('access-control-allow-origin'), '*');
    assert.equal((await get('/openapi.json')).headers.get('cache-control'), publicCacheControl);
  });

  it('when /docs is served, then its CSP runs scripts and styles from this origin only, and the page has no inline script', async () => {
    const page = await get('/docs');
    const policy = String(page.headers.get('content-security-policy'));
    assert.match(policy, /(^|;)\s*script-src 'self'\s*(;|$)/);
    assert.match(policy, /(^|;)\s*style-src 'self'\s*(;|$)/);
    assert.match(policy, /(^|;)\s*default-src 'none'\s*(;|$)/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 2, html);
    for (const [, attributes, content] of scripts) {
      assert.match(attributes!, /\bsrc="\/docs\//, 'every script is a file of this origin');
      assert.equal(content!.trim(), '', 'no inline code');
    }
    const start = await get('/docs/start-swagger-ui.js');
    assert.equal(start.status, 200);
    assert.match(String(start.headers.get('content-type')), /javascript/);
  });
});
