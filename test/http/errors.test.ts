import assert from 'node:assert/strict';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { assertProblem, createArticle, uniqueToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

type RawResponse = { status: number; headers: Record<string, string>; text: string; body: unknown };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('HTTP errors', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  /** assertProblem, and the problem's `type` resolves to a description with the same title and status. */
  async function assertResolvableProblem(response: supertest.Response | RawResponse, status: number, slug: string) {
    assertProblem(response as supertest.Response, status, slug);
    const problem = JSON.parse(response.text) as { type: string; title: string; status: number };
    const described = await app.api.get(problem.type);
    assert.equal(described.status, 200, `${problem.type} does not resolve`);
    assert.deepEqual(described.body, { type: problem.type, title: problem.title, status: problem.status });
    return problem;
  }

  /** Sends exact bytes as the editor: supertest would JSON-encode a Buffer sent as application/json. */
  async function sendRaw(method: string, path: string, body: Uint8Array | string, contentType?: string): Promise<RawResponse> {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      body: body as BodyInit,
      headers: { authorization: `Bearer ${app.token}`, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: Object.fromEntries(response.headers), text, body: parsed };
  }

  const postArticleJson = (json: string) =>
    app.api.post('/api/v1/articles').set('Content-Type', 'application/json').send(json);

  it('when the body is not valid JSON, then 400 malformed-json', async () => {
    const response = await postArticleJson('{"title": "Kim to visit Putin",');
    await assertResolvableProblem(response, 400, 'malformed-json');
  });

  it('when the body is not UTF-8, then 400 invalid-encoding rather than replaced characters', async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]); // {"t":"<0xff>"}
    const response = await sendRaw('POST', '/api/v1/articles', bytes, 'application/json');
    await assertResolvableProblem(response, 400, 'invalid-encoding');
  });

  it('when a gzip, deflate or br body does not decompress, then 400 malformed-json; a good gzip body is read', async () => {
    const postEncoded = async (encoding: string, body: Uint8Array | string): Promise<RawResponse> => {
      const response = await fetch(`${app.baseUrl}/api/v1/articles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json', 'content-encoding': encoding },
        body: body as BodyInit,
      });
      const text = await response.text();
      return { status: response.status, headers: Object.fromEntries(response.headers), text, body: JSON.parse(text) };
    };
    for (const encoding of ['gzip', 'deflate', 'br']) {
      await assertResolvableProblem(await postEncoded(encoding, '{"title": "not compressed"}'), 400, 'malformed-json');
    }
    await assertResolvableProblem(await postEncoded('gzip', gzipSync('{"title": 5}')), 422, 'validation-failed');
  });

  it('when the body is text/plain, form-encoded, untyped or in another charset, then 415', async () => {
    const plain = await app.api.post('/api/v1/articles').set('Content-Type', 'text/plain').send('Kim to visit Putin');
    await assertResolvableProblem(plain, 415, 'unsupported-media-type');
    const form = await app.api.post('/api/v1/articles').type('form').send({ title: 'Kim to visit Putin', language: 'en' });
    await assertResolvableProblem(form, 415, 'unsupported-media-type');
    const untyped = await sendRaw('POST', '/api/v1/articles', new TextEncoder().encode('{"title":"x"}'));
    await assertResolvableProblem(untyped, 415, 'unsupported-media-type');
    const latin1 = await app.api.post('/api/v1/articles').set('Content-Type', 'application/json; charset=latin1').send('{}');
    await assertResolvableProblem(latin1, 415, 'unsupported-media-type');
  });

  it('when the body is over the 1mb limit, then 413; just under it, then it is read and validated', async () => {
    const article = (bodyLength: number) =>
      JSON.stringify({ title: 'Long', language: 'en', body: 'x'.repeat(bodyLength) });
    const over = await postArticleJson(article(1_100_000));
    await assertResolvableProblem(over, 413, 'payload-too-large');
    const under = await postArticleJson(article(1_000_000));
    await assertResolvableProblem(under, 422, 'validation-failed');
    assert.deepEqual(
      (under.body.errors as Array<{ pointer: string }>).map((error) => error.pointer),
      ['#/body'],
      'the body field is too long for an article, but the request itself was accepted for reading',
    );
  });

  it('when the body is a JSON array, null or a string, then 422 saying it must be an object', async () => {
    for (const json of ['[]', '[{"title":"x"}]', 'null', '"Kim to visit Putin"']) {
      const response = await postArticleJson(json);
      await assertResolvableProblem(response, 422, 'validation-failed');
      assert.deepEqual(response.body.errors, [{ pointer: '#', detail: 'the request body must be a JSON object' }], json);
    }
  });

  it('when a string holds a NUL character, then 422 points at that field', async () => {
    const response = await app.api
      .post('/api/v1/articles')
      .send({ title: 'Kim\u0000Putin', language: 'en', body: 'Fine text.' });
    await assertResolvableProblem(response, 422, 'validation-failed');
    assert.deepEqual(
      (response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer),
      ['#/title'],
    );
  });

  it('when a string holds a lone surrogate sent as the escape \\ud800, then 422 points at that field', async () => {
    const response = await postArticleJson('{"title":"Kim \\ud800 Putin","language":"en","body":"Fine text."}');
    await assertResolvableProblem(response, 422, 'validation-failed');
    assert.deepEqual(
      (response.body.errors as Array<{ pointer: string }>).map((error) => error.pointer),
      ['#/title'],
    );
    assert.match(response.body.errors[0].detail, /surrogate/);
  });

  it('when a field is nested deeper than 8 levels, then 422 before the body is parsed and the server keeps serving', async () => {
    for (const depth of [8, 100_000]) {
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const response = await postArticleJson(`{"title":"Deep","language":"en","body":"Text.","extra":${nested}}`);
      await assertResolvableProblem(response, 422, 'validation-failed');
      assert.deepEqual(response.body.errors, [
        { pointer: '#/extra/0/0/0/0/0/0/0', detail: '#/extra/0/0/0/0/0/0/0 is nested deeper than 8 levels' },
      ]);
      assert.equal(response.body.truncated, true, 'the rest of the body was not read');
    }
    const shallow = await postArticleJson(`{"title":"Deep","language":"en","body":"Text.","extra":${'['.repeat(7)}${']'.repeat(7)}}`);
    await assertResolvableProblem(shallow, 422, 'validation-failed');
    assert.deepEqual(shallow.body.errors, [{ pointer: '#/extra', detail: 'property extra should not exist' }]);
    const health = await app.api.get('/health');
    assert.equal(health.status, 200);
  });

  it('when the route does not exist, then 404 route-not-found naming it', async () => {
    const response = await app.api.post('/api/v2/articles').send({ title: 'x' });
    const problem = await assertResolvableProblem(response, 404, 'route-not-found');
    assert.match(String((problem as { detail?: string }).detail), /POST \/api\/v2\/articles/);
    await assertResolvableProblem(await app.api.get('/nothing-here'), 404, 'route-not-found');
  });

  it('when a path parameter is not valid percent-encoding, then 404 not-found rather than a 500', async () => {
    for (const path of ['/api/v1/articles/%ZZ', '/api/v1/claims/%E0%A4%A/evidence', '/fact-checks/%ff', '/problems/%']) {
      const response = await app.api.get(path);
      await assertResolvableProblem(response, 404, 'not-found');
    }
  });

  it('when GET /problems/validation-failed is asked, then it describes that problem', async () => {
    const response = await app.api.get('/problems/validation-failed');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.deepEqual(response.body, {
      type: '/problems/validation-failed',
      title: 'The request is not valid',
      status: 422,
    });
  });

  it('when the problem catalogue is listed, then every type in it resolves and an unknown one is 404', async () => {
    const list = await app.api.get('/problems');
    assert.equal(list.status, 200);
    const types = (list.body as Array<{ type: string; title: string; status: number }>);
    for (const slug of ['malformed-json', 'invalid-encoding', 'payload-too-large', 'unsupported-media-type', 'validation-failed',
      'route-not-found', 'not-found', 'database-unavailable', 'internal-error']) {
      assert.ok(types.some((entry) => entry.type === `/problems/${slug}`), slug);
    }
    for (const entry of types) {
      const described = await app.api.get(entry.type);
      assert.equal(described.status, 200, entry.type);
      assert.deepEqual(described.body, entry);
    }
    await assertResolvableProblem(await app.api.get('/problems/no-such-problem'), 404, 'not-found');
  });

  it('when a client sends an X-Request-Id, then the response still carries a fresh id of the server’s own, errors too', async () => {
    const client = `client-${uniqueToken()}_1.A`;
    const ids = new Set<string>();
    for (const path of ['/health', '/nothing-here', '/health']) {
      const response = await app.api.get(path).set('X-Request-Id', client);
      const id = String(response.headers['x-request-id']);
      assert.match(id, uuidPattern, path);
      ids.add(id);
    }
    const generated = await app.api.get('/health');
    assert.match(String(generated.headers['x-request-id']), uuidPattern);
    ids.add(String(generated.headers['x-request-id']));
    assert.equal(ids.size, 4, 'every response has an id of its own');
  });

  it('when a title holds accents, emoji and a combining mark, then it round-trips byte for byte', async () => {
    const title = `Ñ 👍🏽 e\u0301 ${uniqueToken()}`;
    const article = await createArticle(app.api, { title, body: `Kata: ${title}.` });
    const response = await fetch(`${app.baseUrl}/api/v1/articles/${article.id}`, {
      headers: { authorization: `Bearer ${app.token}` },
    });
    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /charset=utf-8/);
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.ok(bytes.includes(Buffer.from(title, 'utf8')), 'the UTF-8 bytes of the title are in the response as sent');
    const read = JSON.parse(bytes.toString('utf8')) as { title: string; body: string };
    assert.ok(Buffer.from(read.title, 'utf8').equals(Buffer.from(title, 'utf8')), 'not normalised, not re-encoded');
    assert.equal(read.title.normalize('NFC') === read.title, false, 'the combining mark was kept decomposed');
    assert.equal(read.body, `Kata: ${title}.`);
  });
  describe('requests Node refuses before the app', () => {
    /** Sends raw bytes and reads the whole answer: supertest cannot send what is not valid HTTP. */
    const sendRaw = (bytes: string) =>
      new Promise<{ head: string; body: string }>((resolve, reject) => {
        const { port } = new URL(app.baseUrl);
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(bytes));
        let answer = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (answer += chunk));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head = '', body = ''] = answer.split('\r\n\r\n');
          resolve({ head, body });
        });
      });

    it('when a request has both Content-Length and Transfer-Encoding, then 400 problem+json, not a bare 400', async () => {
      const { head, body } = await sendRaw(
        'POST /api/v1/articles HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      );
      assert.match(head, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.match(head, /\r\nContent-Type: application\/problem\+json\r\n/i);
      assert.deepEqual(JSON.parse(body), { type: '/problems/malformed-request', title: 'The request is not valid HTTP', status: 400 });
    });

    it('when the request headers are over Node’s limit, then 431 problem+json', async () => {
      const { head, body } = await sendRaw(`GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`);
      assert.match(head, /^HTTP\/1\.1 431 /);
      assert.equal(JSON.parse(body).type, '/problems/headers-too-large');
    });
  });
});
