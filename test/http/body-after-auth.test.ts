import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

describe('API bodies are read only after authentication', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const brokenJson = '{"title": "Kim to visit Putin",';

  it('when an anonymous or bad-token request sends broken JSON to /api/v1, then 401, not 400: the body was never parsed', async () => {
    const anonymous = await app.anonymous.post('/api/v1/articles').set('Content-Type', 'application/json').send(brokenJson);
    assertProblem(anonymous, 401, 'unauthenticated');
    const badToken = await app.anonymous
      .post('/api/v1/articles')
      .set('Authorization', `Bearer ct_${'x'.repeat(43)}`)
      .set('Content-Type', 'application/json')
      .send(brokenJson);
    assertProblem(badToken, 401, 'unauthenticated');
    const withToken = await app.api.post('/api/v1/articles').set('Content-Type', 'application/json').send(brokenJson);
    assertProblem(withToken, 400, 'malformed-json');
  });

  it('when an anonymous client announces a 1 MB body and sends only its first kilobyte, then the 401 arrives without waiting for the rest', async () => {
    const { port } = new URL(app.baseUrl);
    const head = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /api/v1/articles HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n',
        );
        socket.write(`{"title":"${'x'.repeat(1_000)}`);
      });
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer within 5 s while the body was incomplete: ${JSON.stringify(answer)}`));
      }, 5_000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        answer += chunk;
        if (answer.includes('\r\n\r\n')) {
          clearTimeout(timer);
          socket.destroy();
          resolve(answer.split('\r\n\r\n')[0]!);
        }
      });
      socket.on('error', reject);
    });
    assert.match(head, /^HTTP\/1\.1 401 /);
  });

  it('when /health or an unknown route gets broken JSON, then they answer as before: the body is read there', async () => {
    const health = await app.anonymous.get('/health').set('Content-Type', 'application/json').send(brokenJson);
    assertProblem(health, 400, 'malformed-json');
    const unknown = await app.anonymous.post('/api/v2/articles').set('Content-Type', 'application/json').send(brokenJson);
    assertProblem(unknown, 400, 'malformed-json');
  });
});
