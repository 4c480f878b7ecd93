import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { uniqueToken } from '../support/factories';
import { rawRequest } from '../support/raw-http';
import { startTestApp, type TestApp } from '../support/test-app';

type LogLine = { reqId?: string; clientRequestId?: string; url?: string; status?: number; [field: string]: unknown };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('request log', () => {
  let app: TestApp;
  const written: string[] = [];
  before(async () => {
    app = await startTestApp({ logLevel: 'info' }, { logTo: { write: (line: string) => void written.push(line) } });
  });
  after(() => app.close());

  /** The line logged for the response that carried this X-Request-Id (the log is written as it finishes). */
  async function lineFor(requestId: string): Promise<{ raw: string; line: LogLine }> {
    for (const started = Date.now(); Date.now() - started < 3000; await new Promise((resolve) => setTimeout(resolve, 20))) {
      const raw = written.find((text) => text.includes(requestId));
      if (raw) return { raw, line: JSON.parse(raw) as LogLine };
    }
    assert.fail(`no log line for request ${requestId}`);
  }

  it('when a token travels in the query string or the path, in any spelling, then the log never holds it', async () => {
    const editor = await app.user('editor');
    const secret = () => `secret${uniqueToken()}`;
    const cases: Array<{ path: string; secret: string; headers?: Record<string, string> }> = [];
    for (const name of ['access_token', 'token', 'TOKEN', 'Access_Token', '%74oken', 'access%5Ftoken']) {
      const value = secret();
      cases.push({ path: `/api/v1/claims?limit=5&${name}=${value}`, secret: value }); // refused: 401
    }
    const inFeed = secret();
    cases.push({ path: `/feed.json?token=${inFeed}&limit=2`, secret: inFeed });
    const withBearer = secret();
    cases.push({ path: `/api/v1/claims?access_token=${withBearer}`, secret: withBearer, headers: { authorization: `Bearer ${editor.token}` } });
    cases.push({ path: `/api/v1/claims?auth=${editor.token}`, secret: editor.token }); // a real token under another name
    cases.push({ path: `/api/v1/claims/${editor.token}`, secret: editor.token }); // a real token in the path
    cases.push({ path: `/health?${editor.token}`, secret: editor.token });

    for (const { path, secret: value, headers = {} } of cases) {
      const response = await fetch(`${app.baseUrl}${path}`, { headers });
      await response.arrayBuffer();
      const { raw, line } = await lineFor(String(response.headers.get('x-request-id')));
      assert.ok(!raw.includes(value), `${path} logged its secret: ${raw}`);
      assert.ok(!raw.includes(value.slice(3, 20)), `${path} logged part of its secret: ${raw}`);
      assert.match(String(line.url), /\[redacted\]/, path);
    }
    assert.ok(written.every((text) => !text.includes(editor.token)), 'the real token is in no line at all');

    const plain = await fetch(`${app.baseUrl}/api/v1/claims?limit=3&q=token+bridge`, { headers: { authorization: `Bearer ${editor.token}` } });
    await plain.arrayBuffer();
    assert.equal((await lineFor(String(plain.headers.get('x-request-id')))).line.url, '/api/v1/claims?limit=3&q=token+bridge', 'other parameters are logged as sent');
  });

  it('when the client sends X-Request-Id, then it is logged apart as clientRequestId, and the server id is always its own', async () => {
    const client = `client-${uniqueToken()}`;
    const response = await fetch(`${app.baseUrl}/health`, { headers: { 'x-request-id': client } });
    await response.arrayBuffer();
    const serverId = String(response.headers.get('x-request-id'));
    assert.match(serverId, uuidPattern, 'the response carries the server’s own id');
    const { line } = await lineFor(serverId);
    assert.equal(line.reqId, serverId);
    assert.equal(line.clientRequestId, client);

    const again = await fetch(`${app.baseUrl}/nothing-here`, { headers: { 'x-request-id': client } });
    await again.arrayBuffer();
    assert.notEqual(again.headers.get('x-request-id'), serverId, 'the same client id never makes the same server id');
    assert.equal(again.status, 404);
    assert.equal((await lineFor(String(again.headers.get('x-request-id')))).line.clientRequestId, client);

    const without = await fetch(`${app.baseUrl}/health`);
    await without.arrayBuffer();
    const withoutLine = (await lineFor(String(without.headers.get('x-request-id')))).line;
    assert.equal('clientRequestId' in withoutLine, false);
  });

  it('when the client’s X-Request-Id is long or holds control or non-ASCII bytes, then the logged one is bounded printable ASCII', async () => {
    const marker = uniqueToken();
    // Raw bytes, as any client may send them: a tab and bytes over 0x7f pass Node's parser (other control characters do not).
    const value = Buffer.concat([Buffer.from(`a\tb${marker}`), Buffer.from([0x85, 0x9b, 0xff]), Buffer.from(`c${'x'.repeat(5000)}`)]);
    const { port } = new URL(app.baseUrl);
    const head = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Request-Id: ');
        socket.write(Buffer.concat([value, Buffer.from('\r\n\r\n')])); // not end(): a half-closed client's request is dropped
      });
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => resolve(answer.split('\r\n\r\n')[0]!));
    });
    assert.match(head, /^HTTP\/1\.1 200 /, head);
    const serverId = /\r\nX-Request-Id: ([^\r]+)/i.exec(head)?.[1];
    assert.match(String(serverId), uuidPattern);
    const { line } = await lineFor(serverId!);
    const logged = String(line.clientRequestId);
    assert.ok(logged.startsWith(`ab${marker}`), logged);
    assert.ok(logged.length <= 128, `logged ${logged.length} characters`);
    assert.match(logged, /^[\x20-\x7e]+$/);
  });

  it('when cached public pages are read, then the hits are counted in a summary line, while misses, errors and writes keep a line each', async () => {
    const from = written.length;
    const ids = async (response: Response) => {
      await response.arrayBuffer();
      return String(response.headers.get('x-request-id'));
    };
    const hitsBefore = app.publicCache.hits;
    const reads: string[] = [];
    let etag = '';
    // Not fetch: it adds Cache-Control: no-cache to a conditional request, which rules out a 304.
    for (let index = 0; index < 6; index++) {
      const response = await rawRequest(app.baseUrl, '/feed.json', index >= 4 && etag ? { 'if-none-match': etag } : {});
      etag = String(response.headers.etag);
      reads.push(String(response.headers['x-request-id']));
    }
    const hits = app.publicCache.hits - hitsBefore;
    assert.ok(hits >= 1, 'some reads were served from the cache');
    const unknown = await ids(await fetch(`${app.baseUrl}/fact-checks/${crypto.randomUUID()}`));
    const refused = await ids(await fetch(`${app.baseUrl}/feed.json?nope=1`));
    const editor = await app.user('editor');
    const write = await app.api.post('/api/v1/articles').set('Authorization', `Bearer ${editor.token}`).send({ title: `Logged ${uniqueToken()}`, language: 'en', body: 'A body.' });
    assert.equal(write.status, 201, write.text);

    assert.equal((await lineFor(unknown)).line.status, 404, 'an error is logged alone');
    assert.equal((await lineFor(refused)).line.status, 400, 'a refused public read is logged alone');
    assert.equal((await lineFor(String(write.headers['x-request-id']))).line.method, 'POST', 'a write is logged alone');

    const summarized = () =>
      written.slice(from).map((raw) => JSON.parse(raw) as LogLine).filter((line) => line.msg === 'cached public reads');
    for (const started = Date.now(); Date.now() - started < 3000; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (summarized().reduce((sum, line) => sum + Number(line.reads), 0) >= hits) break;
    }
    const lines = summarized();
    assert.equal(lines.reduce((sum, line) => sum + Number(line.reads), 0), hits, `every hit counted once: ${JSON.stringify(lines)}`);
    assert.ok(lines.some((line) => Number(line.status304) >= 1), 'the 304s counted apart');
    const alone = reads.filter((id) => written.some((raw) => raw.includes(id)));
    assert.equal(alone.length, reads.length - hits, 'only the reads that rendered (misses) have a line of their own');
  });
});
