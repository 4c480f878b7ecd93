import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hireEditors, newPublicClaim, publish } from '../support/public';
import { startTestApp, type TestApp } from '../support/test-app';

const unlimited = { perMinute: 10_000_000, store: 'memory' } as const;

/**
 * Conditional requests as browsers and Node send them: `fetch` adds `Cache-Control: no-cache` to a
 * request with a hand-set If-None-Match, which must not stop the origin from answering 304.
 */
describe('conditional requests, HEAD, CORS and Vary on what the public reads', () => {
  let app: TestApp;
  let factCheck: string;
  before(async () => {
    app = await startTestApp({ publicRateLimit: unlimited });
    const published = await publish(await hireEditors(app), (await newPublicClaim(app.api)).id);
    factCheck = `/fact-checks/${published.id}`;
  });
  after(() => app.close());

  const fetchWith = (path: string, headers: Record<string, string>, method = 'GET') => fetch(`${app.baseUrl}${path}`, { method, headers });

  /** The feed's first page changes when other tests publish: retries until a 304 for an ETag that is still current. */
  async function until304(path: string, headers: (validators: { etag: string; lastModified: string }) => Record<string, string>, extra: Record<string, string> = {}) {
    for (let tries = 0; tries < 20; tries++) {
      const read = await fetchWith(path, extra);
      assert.equal(read.status, 200, path);
      await read.arrayBuffer();
      const validators = { etag: read.headers.get('etag') ?? '', lastModified: read.headers.get('last-modified') ?? '' };
      assert.ok(validators.etag, `${path}: an ETag`);
      const again = await fetchWith(path, { ...extra, ...headers(validators) });
      await again.arrayBuffer();
      if (again.status === 304) return again;
      assert.equal(again.status, 200, path);
      assert.notEqual(again.headers.get('etag'), validators.etag, `${path}: 200 for the very ETag sent in If-None-Match`);
    }
    assert.fail(`${path} changed under every one of 20 tries`);
  }

  it('when fetch sends If-None-Match (and so Cache-Control: no-cache) on any route with an ETag, then 304', async () => {
    const paths = ['/feed.json', factCheck, '/openapi.json', '/docs', '/docs/start-swagger-ui.js', '/docs/swagger-ui.css'];
    for (const path of paths) {
      const notModified = await until304(path, ({ etag }) => ({ 'If-None-Match': etag }));
      assert.ok(notModified.headers.get('etag'), `${path}: the 304 names the ETag`);
    }
    await until304(factCheck, ({ etag }) => ({ 'If-None-Match': etag }), { Accept: 'application/ld+json' });
  });

  it('when Cache-Control: no-cache is set by hand with If-None-Match, then still 304', async () => {
    const read = await app.anonymous.get(factCheck);
    const again = await app.anonymous.get(factCheck).set('If-None-Match', String(read.headers.etag)).set('Cache-Control', 'no-cache');
    assert.equal(again.status, 304);
  });

  it('when If-None-Match lists the ETag weakly, among others, or is *, then 304', async () => {
    const { etag } = (await app.anonymous.get(factCheck)).headers as { etag: string };
    for (const ifNoneMatch of [`W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await fetchWith(factCheck, { 'If-None-Match': ifNoneMatch });
      assert.equal(response.status, 304, ifNoneMatch);
    }
  });

  it('when fetch sends If-Modified-Since at or after Last-Modified, then 304; before it, unparsable, or beside an If-None-Match that does not match, 200', async () => {
    const { 'last-modified': lastModified } = (await app.anonymous.get(factCheck)).headers as { 'last-modified': string };
    assert.equal((await fetchWith(factCheck, { 'If-Modified-Since': lastModified })).status, 304);
    const before = new Date(Date.parse(lastModified) - 1000).toUTCString();
    assert.equal((await fetchWith(factCheck, { 'If-Modified-Since': before })).status, 200);
    assert.equal((await fetchWith(factCheck, { 'If-Modified-Since': 'not a date' })).status, 200);
    const otherTag = await fetchWith(factCheck, { 'If-None-Match': '"something-else"', 'If-Modified-Since': lastModified });
    assert.equal(otherTag.status, 200, 'If-None-Match wins over If-Modified-Since');
  });

  it('when HEAD asks for the feed or a fact-check, cached or not, then Content-Length is what GET sends', async () => {
    const fresh = `/fact-checks/${(await publish(await hireEditors(app), (await newPublicClaim(app.api)).id)).id}`;
    for (const path of [fresh, fresh, '/feed.json?limit=3', '/feed.json?limit=3', '/fact-checks/00000000-0000-4000-8000-000000000000']) {
      // HEAD first: the first one of each path is a cache miss. Identity, so that fetch has nothing to decode.
      const head = await fetchWith(path, { 'accept-encoding': 'identity' }, 'HEAD');
      const get = await fetchWith(path, { 'accept-encoding': 'identity' });
      const body = Buffer.from(await get.arrayBuffer());
      if (head.headers.get('etag') !== get.headers.get('etag')) continue; // the feed moved in between
      assert.equal(head.status, get.status, path);
      assert.equal(head.headers.get('content-length'), String(body.length), `${path}: HEAD Content-Length`);
      assert.equal(get.headers.get('content-length'), String(body.length), `${path}: GET Content-Length`);
    }
  });

  it('when a script on another origin reads a public route or /openapi.json, then the validators and rate-limit headers are exposed', async () => {
    for (const path of ['/feed.json', factCheck, '/openapi.json']) {
      const response = await app.anonymous.get(path).set('Origin', 'https://reader.elsewhere.test');
      assert.equal(response.status, 200, path);
      assert.equal(response.headers['access-control-allow-origin'], '*', path);
      const exposed = String(response.headers['access-control-expose-headers']).split(',').map((name) => name.trim().toLowerCase());
      for (const name of ['etag', 'last-modified', 'ratelimit', 'ratelimit-policy', 'retry-after']) assert.ok(exposed.includes(name), `${path}: ${name} in ${exposed}`);
    }
  });

  it('when a browser preflights /openapi.json, then GET and HEAD are allowed from any origin', async () => {
    const preflight = await app.anonymous
      .options('/openapi.json')
      .set('Origin', 'https://editor.elsewhere.test')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'if-none-match');
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.deepEqual(String(preflight.headers['access-control-allow-methods']).split(',').sort(), ['GET', 'HEAD']);
  });

  it('when the feed is read, then it does not say it varies on Accept; a fact-check, negotiated on Accept, does', async () => {
    const feed = await app.anonymous.get('/feed.json');
    assert.equal(feed.status, 200);
    const feedVary = String(feed.headers.vary ?? '').split(',').map((name) => name.trim().toLowerCase());
    assert.ok(!feedVary.includes('accept'), `feed Vary: ${feed.headers.vary}`);
    const page = await app.anonymous.get(factCheck);
    assert.ok(String(page.headers.vary).split(',').map((name) => name.trim().toLowerCase()).includes('accept'));
  });
});
