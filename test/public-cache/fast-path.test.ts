import assert from 'node:assert/strict';
import http from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { publicFastPath } from '../../src/public-cache/fast-path';
import { PublicCache } from '../../src/public-cache/public-cache';
import { captureLog } from '../support/log-capture';
import { countInvalidations, withoutInvalidation, type Invalidations } from '../support/public-cache';
import { eventually, hireEditors, newPublicClaim, publish } from '../support/public';
import { rawRequest, type RawResponse } from '../support/raw-http';
import { startTestApp, type TestApp } from '../support/test-app';

const perMinute = 3;
const metricsToken = 'fast-path-test-metrics-token-0123456789';
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Status, headers in order and body, with the two values that differ on every response checked for shape and set aside. */
function comparable(response: RawResponse) {
  const headers: string[] = [];
  for (let index = 0; index < response.rawHeaders.length; index += 2) {
    const name = response.rawHeaders[index]!;
    let value = response.rawHeaders[index + 1]!;
    if (name.toLowerCase() === 'x-request-id') {
      assert.match(value, uuidShape, 'the server’s own request id');
      value = '<request id>';
    }
    if (name.toLowerCase() === 'date') value = '<date>';
    headers.push(`${name}: ${value}`);
  }
  return { status: response.status, headers, body: response.body.toString('base64') };
}

describe('the fast path for cached public reads', () => {
  let app: TestApp;
  let log: ReturnType<typeof captureLog>;
  let expressOnly: http.Server;
  let expressBase: string;
  let factCheck: string;
  /** Requests the fast-path server handed to Express (the Express-only server's are not counted). */
  let throughExpress = 0;
  let clients = 0;
  /** On PostgreSQL other test files publish all the while, which empties this app's cache and changes the feed. */
  let invalidations: Invalidations;

  before(async () => {
    log = captureLog();
    // Behind a trusted proxy, so that each read can come from a client of its own (a fresh rate-limit window).
    // One public base URL: the pages name it, so both servers (two ports) render the very same bytes.
    app = await startTestApp(
      { publicBaseUrl: 'https://factcheck.example', trustProxy: ['loopback'], publicRateLimit: { perMinute, store: 'memory' }, logLevel: 'info', metricsToken },
      { logTo: log.stream },
    );
    const crew = await hireEditors(app);
    factCheck = `/fact-checks/${(await publish(crew, (await newPublicClaim(app.api)).id)).id}`;
    invalidations = countInvalidations(app.publicCache);
    // The same app (one cache, one rate limiter, one log) with nothing in front of it.
    expressOnly = http.createServer(app.express);
    await new Promise<void>((resolve) => expressOnly.listen(0, '127.0.0.1', resolve));
    expressBase = `http://127.0.0.1:${(expressOnly.address() as AddressInfo).port}`;
    const fastPort = Number(new URL(app.baseUrl).port);
    // Express's app(req, res) is app.handle(req, res): counted when the fast-path server hands a request on.
    const expressApp = app.express as typeof app.express & { handle: (req: http.IncomingMessage, res: http.ServerResponse, next?: unknown) => void };
    const handle = expressApp.handle.bind(expressApp);
    expressApp.handle = (req, res, next) => {
      if (req.socket.localPort === fastPort) throughExpress++;
      handle(req, res, next);
    };
  });
  after(async () => {
    await new Promise((resolve) => expressOnly.close(resolve));
    await app.close();
  });

  const as = (client: string, headers: Record<string, string>) => ({ 'x-forwarded-for': client, ...headers });

  /**
   * The same request to both servers, each from a new client, read again until no publication came
   * in between (it would empty the cache under the fast read, or change the feed between the two).
   */
  async function bothWays(path: string, headers: Record<string, string> = {}, method = 'GET', conditional?: (current: RawResponse) => Record<string, string>) {
    return withoutInvalidation(invalidations, undefined, async () => {
      clients++;
      // The page is cached (a miss is rendered through Express), and its current ETag known.
      const current = await rawRequest(app.baseUrl, path, as(`198.51.100.${clients}`, headers), method);
      const sent = { ...headers, ...conditional?.(current) };
      const before = throughExpress;
      const fast = await rawRequest(app.baseUrl, path, as(`203.0.113.${clients}`, sent), method);
      const handedOn = throughExpress - before;
      const slow = await rawRequest(expressBase, path, as(`192.0.2.${clients}`, sent), method);
      return { fast, slow, handedOn };
    });
  }

  async function assertSameAsExpress(path: string, headers: Record<string, string>, method: string, status: number, conditional?: (current: RawResponse) => Record<string, string>) {
    const { fast, slow, handedOn } = await bothWays(path, headers, method, conditional);
    assert.equal(handedOn, 0, `${method} ${path} ${JSON.stringify(headers)}: answered before Express`);
    assert.equal(fast.status, status, fast.body.toString());
    assert.deepEqual(comparable(fast), comparable(slow), `${method} ${path} ${JSON.stringify(headers)}`);
    return fast;
  }

  for (const [coding, acceptEncoding] of [['br', 'gzip, deflate, br'], ['gzip', 'gzip'], ['identity', 'identity'], ['no Accept-Encoding', undefined]] as const) {
    const headers: Record<string, string> = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    it(`when a cached page is read in ${coding}, then the fast path sends the status, headers and body Express sends`, async () => {
      const feed = await assertSameAsExpress('/feed.json', headers, 'GET', 200);
      assert.equal(feed.headers['content-encoding'], coding === 'br' || coding === 'gzip' ? coding : undefined);
      await assertSameAsExpress(factCheck, headers, 'GET', 200);
      await assertSameAsExpress(factCheck, { ...headers, accept: 'application/ld+json' }, 'GET', 200);
      await assertSameAsExpress(factCheck, { ...headers, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': 'id' }, 'GET', 200);
      await assertSameAsExpress('/feed.json?limit=1', headers, 'GET', 200);
    });
  }

  it('when a cached page is asked for with HEAD, then the fast path sends the headers of the GET without the body, as Express does', async () => {
    const head = await assertSameAsExpress('/feed.json', { 'accept-encoding': 'br' }, 'HEAD', 200);
    assert.equal(head.body.length, 0);
    assert.ok(Number(head.headers['content-length']) > 0, 'the length of the br body');
    await assertSameAsExpress(factCheck, {}, 'HEAD', 200);
  });

  it('when the client holds the current copy, then the fast path answers 304 as Express does, whatever Cache-Control the client sends', async () => {
    for (const acceptEncoding of ['br', 'gzip', 'identity']) {
      const headers = { 'accept-encoding': acceptEncoding, 'cache-control': 'no-cache' };
      const notModified = await assertSameAsExpress('/feed.json', headers, 'GET', 304, (current) => ({ 'if-none-match': String(current.headers.etag) }));
      assert.equal(notModified.body.length, 0);
      await assertSameAsExpress('/feed.json', { ...headers, 'if-none-match': '"another"' }, 'GET', 200);
    }
  });

  it('when a client goes over the public rate limit, then the fast path refuses it with the 429 Express sends, logged on a line of its own', async () => {
    let tries = 0;
    const { fast, slow, handedOn } = await withoutInvalidation(invalidations, undefined, async () => {
      tries++;
      await rawRequest(app.baseUrl, '/feed.json', as(`198.18.2.${tries}`, { 'accept-encoding': 'br' })); // cached
      const fastClient = as(`198.18.0.${tries}`, { 'accept-encoding': 'br' });
      const slowClient = as(`198.18.1.${tries}`, { 'accept-encoding': 'br' });
      const before = throughExpress;
      let fast: RawResponse | undefined;
      let slow: RawResponse | undefined;
      for (let read = 0; read <= perMinute; read++) {
        fast = await rawRequest(app.baseUrl, '/feed.json', fastClient);
        slow = await rawRequest(expressBase, '/feed.json', slowClient);
      }
      return { fast: fast!, slow: slow!, handedOn: throughExpress - before };
    });
    assert.equal(handedOn, 0, 'every read answered before Express');
    assert.equal(fast.status, 429);
    assert.equal(fast.headers['retry-after'], slow.headers['retry-after']);
    assert.deepEqual(comparable(fast), comparable(slow));
    const refused = log.lines().filter((line) => line.msg === 'request completed' && line.status === 429 && line.reqId === fast.headers['x-request-id']);
    assert.equal(refused.length, 1, 'the refusal has its own log line');
  });

  it('when a page is not cached, then the read falls through to Express, which renders it', async () => {
    app.publicCache.invalidate('test: empty the cache');
    const { misses } = app.publicCache;
    const before = throughExpress;
    const response = await rawRequest(app.baseUrl, factCheck, as('203.0.113.201', {}));
    assert.equal(response.status, 200);
    assert.equal(throughExpress, before + 1, 'handed to Express');
    assert.equal(app.publicCache.misses, misses + 1, 'rendered from the database');
  });

  it('when a read is anything but a plain cached GET or HEAD, then Express answers it, as it would without the fast path', async () => {
    const unusual: Array<[string, Record<string, string>, string]> = [
      ['/feed.json?limit=0', {}, 'GET'], // a query the route refuses: its 400
      ['/feed.json?nonsense=1', {}, 'GET'],
      [`${factCheck}?format=html`, {}, 'GET'],
      ['/feed.json', {}, 'OPTIONS'],
      ['/feed.json', {}, 'DELETE'],
      ['/FEED.JSON', {}, 'GET'], // Express matches paths in any case; the fast path only the one spelling
      ['/feed.json/', {}, 'GET'],
      [factCheck.toUpperCase().replace('/FACT-CHECKS/', '/fact-checks/'), {}, 'GET'], // an upper-case id: the same entry (the route lower-cases it)
      ['/fact-checks/00000000-0000-4000-8000-000000000000', {}, 'GET'], // unknown: never cached
      ['/fact-checks/------------------------------------', {}, 'GET'],
    ];
    for (const [path, headers, method] of unusual) {
      const { fast, slow, handedOn } = await bothWays(path, headers, method);
      assert.deepEqual(comparable(fast), comparable(slow), `${method} ${path}`);
      if (fast.status !== 200) assert.equal(handedOn, 1, `${method} ${path} (${fast.status}): answered by Express`);
    }
  });

  it('when the fast path has served cached reads, then the metrics count them by route and the log sums them up in its summary line', async () => {
    const path = '/feed.json';
    const scrape = async () => {
      const metrics = await app.anonymous.get('/metrics').set('Authorization', `Bearer ${metricsToken}`);
      assert.equal(metrics.status, 200);
      return Number(/http_requests_total\{method="GET",route="\/feed\.json",status="200"\} (\d+)/.exec(metrics.text)?.[1] ?? 0);
    };
    const summaries = log.lines().filter((line) => line.msg === 'cached public reads').length;
    let tries = 0;
    const counted = await withoutInvalidation(invalidations, undefined, async () => {
      tries++;
      await rawRequest(app.baseUrl, path, as(`198.18.3.${tries}`, {})); // cached
      const before = await scrape();
      for (let read = 0; read < 2; read++) await rawRequest(app.baseUrl, path, as(`198.18.4.${2 * tries + read}`, {}));
      return (await scrape()) - before;
    });
    assert.equal(counted, 2, 'both reads counted under /feed.json 200');
    await eventually(async () => log.lines().filter((line) => line.msg === 'cached public reads').length > summaries, 3_000, 'a summary line of the cached reads');
  });

  /** A fast path over one cached entry, which must leave every request to Express unless `steps` say otherwise. */
  async function fastPathOver(contentType: string, publicHosts: string[] = [], steps: Partial<Parameters<typeof publicFastPath>[0]> = {}) {
    const cache = new PublicCache();
    const key = 'the|page';
    await cache.get(key, async () => ({ status: 200, contentType, body: '<p>A fact-check</p>' }));
    const fastPath = publicFastPath({
      app: express(),
      cache,
      feed: { read: () => ({ key }), vary: 'Accept, Accept-Encoding' },
      factCheck: { read: () => ({ key }), vary: 'Accept, Accept-Encoding' },
      log: () => assert.fail('nothing logged: the request is left to Express'),
      headers: [],
      limit: () => assert.fail('not counted: the request is left to Express'),
      publicHosts,
      fail: () => assert.fail('no error: the request is left to Express'),
      ...steps,
    });
    return (host: string) => {
      const request = new http.IncomingMessage(new Socket());
      request.method = 'GET';
      request.url = '/feed.json';
      request.headers = { host };
      const { hits } = cache;
      const handled = fastPath(request, new http.ServerResponse(request));
      if (!handled) assert.equal(cache.hits, hits, 'not counted as a hit: Express will count it');
      return handled;
    };
  }

  it('when the cached representation is one the fast path does not send itself (a CSV, say), then Express answers it', async () => {
    const read = await fastPathOver('text/csv; charset=utf-8');
    assert.equal(read('factcheck.example'), false);
  });

  it('when the Host is not one of PUBLIC_HOSTS, then Express answers it (the fast path does not guess the site)', async () => {
    const read = await fastPathOver('application/feed+json', ['factcheck.example']);
    assert.equal(read('attacker.example'), false);
  });

  it('when a step of the fast path throws, then the error reaches the app’s error handler, as it would through Express’s router', async () => {
    const failures: unknown[] = [];
    const read = await fastPathOver('application/feed+json', [], {
      log: () => {},
      limit: () => {
        throw new Error('limiter broke');
      },
      fail: (error) => failures.push(error),
    });
    assert.equal(read('factcheck.example'), true, 'answered (by the error handler)');
    assert.deepEqual(failures.map((error) => (error as Error).message), ['limiter broke']);
  });
});
