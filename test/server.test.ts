import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/test-app';

/** How a raw connection ended: after how long, and what the server wrote before closing it. */
type Ending = { closed: boolean; afterMs: number; answer: string };

/** Opens a raw connection to the app; `connected` resolves once the server side exists. */
function connect(app: TestApp): Promise<net.Socket> {
  const { port } = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Collects what the server writes until it closes the connection or `giveUpMs` passes. The clock
 * starts at `startedAt` (default now). Writes the client makes after the server closed fail: ignored.
 */
function ending(socket: net.Socket, giveUpMs: number, startedAt = performance.now()): Promise<Ending> {
  return new Promise((resolve) => {
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => {});
    const timer = setTimeout(() => resolve({ closed: false, afterMs: performance.now() - startedAt, answer }), giveUpMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, afterMs: performance.now() - startedAt, answer });
    });
  });
}

/** Writes `text` one character every `everyMs`, until done or the socket closes. */
function trickle(socket: net.Socket, text: string, everyMs: number): void {
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || sent >= text.length) return clearInterval(timer);
    socket.write(text[sent++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

/** Resolves with the first full response on the socket (a small body with Content-Length). */
function firstResponse(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const [head, body = ''] = received.split('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(head!)?.[1];
      if (length !== undefined && Buffer.byteLength(body) >= Number(length)) {
        socket.off('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData);
  });
}

const problemOf = (answer: string) => JSON.parse(answer.split('\r\n\r\n')[1]!) as { type: string; status: number };

describe('server timeouts (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({
      server: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000, maxConnections: 1000 },
    });
  });
  after(() => app.close());

  it('when a client sends its headers byte by byte and never finishes, then it gets 408 and is cut off within seconds', async (t) => {
    const socket = await connect(app);
    const started = performance.now();
    trickle(socket, `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ${'a'.repeat(200)}`, 50);
    const end = await ending(socket, 6000, started);
    t.diagnostic(`slow headers cut off after ${Math.round(end.afterMs)} ms (headers timeout 1000 ms)`);
    assert.ok(end.closed, `still open after ${Math.round(end.afterMs)} ms`);
    assert.ok(end.afterMs >= 900 && end.afterMs < 4000, `cut off after ${Math.round(end.afterMs)} ms`);
    assert.match(end.answer, /^HTTP\/1\.1 408 /);
    assert.match(end.answer, /\r\nContent-Type: application\/problem\+json\r\n/);
    assert.equal(problemOf(end.answer).type, '/problems/request-timeout');
  });

  it('when a client sends headers with Content-Length 1000 and trickles the body, then the request timeout cuts it off', async (t) => {
    const socket = await connect(app);
    const started = performance.now();
    socket.write(`POST /api/v1/articles HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${app.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`);
    trickle(socket, ' '.repeat(1000), 50);
    const end = await ending(socket, 8000, started);
    t.diagnostic(`trickled body cut off after ${Math.round(end.afterMs)} ms (request timeout 2000 ms)`);
    assert.ok(end.closed, `still open after ${Math.round(end.afterMs)} ms`);
    assert.ok(end.afterMs >= 1800 && end.afterMs < 5000, `cut off after ${Math.round(end.afterMs)} ms`);
    assert.match(end.answer, /^HTTP\/1\.1 408 /);
    assert.equal(problemOf(end.answer).type, '/problems/request-timeout');
  });

  it('when a keep-alive connection stays idle after its answer, then the server closes it after the keep-alive timeout', async (t) => {
    const socket = await connect(app);
    const answered = firstResponse(socket);
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const response = await answered;
    assert.match(response, /^HTTP\/1\.1 200 /);
    assert.doesNotMatch(response, /\r\nConnection: close\r\n/i, 'the connection was kept open');
    const end = await ending(socket, 6000);
    t.diagnostic(`idle keep-alive connection closed after ${Math.round(end.afterMs)} ms (keep-alive timeout 1000 ms)`);
    assert.ok(end.closed, `still open after ${Math.round(end.afterMs)} ms`);
    assert.ok(end.afterMs >= 800 && end.afterMs < 3000, `closed after ${Math.round(end.afterMs)} ms`);
  });
});

describe('connection cap (MAX_CONNECTIONS)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({
      server: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 30_000, maxConnections: 2 },
    });
  });
  after(() => app.close());

  it('when connections beyond the cap arrive, then they are closed at once, and requests succeed once others leave', async () => {
    const held = await Promise.all([connect(app), connect(app)]);
    for (const socket of held) {
      const answered = firstResponse(socket);
      socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      assert.match(await answered, /^HTTP\/1\.1 200 /, 'the connections within the cap are served');
    }
    const extra = await connect(app);
    const refused = await ending(extra, 3000);
    assert.ok(refused.closed, 'the third connection was left open');
    assert.equal(refused.answer, '', 'nothing is served on it');
    for (const socket of held) socket.destroy();

    let status = 0;
    for (const started = Date.now(); status !== 200 && Date.now() - started < 3000; ) {
      status = await fetch(`${app.baseUrl}/health`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.status,
        () => 0,
      );
    }
    assert.equal(status, 200, 'a normal request is served once the held connections are gone');
  });
});
