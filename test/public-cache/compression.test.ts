import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { PublicCache } from '../../src/public-cache/public-cache';
import { hireEditors, newPublicClaim, publish } from '../support/public';
import { rawRequest, type RawResponse } from '../support/raw-http';
import { startTestApp, type TestApp } from '../support/test-app';

const unlimited = { perMinute: 10_000_000, store: 'memory' } as const;

const decoded = ({ headers, body }: RawResponse): Buffer => {
  if (headers['content-encoding'] === 'br') return zlib.brotliDecompressSync(body);
  if (headers['content-encoding'] === 'gzip') return zlib.gunzipSync(body);
  assert.equal(headers['content-encoding'], undefined, `an unexpected coding ${headers['content-encoding']}`);
  return body;
};

describe('compressed responses', () => {
  let app: TestApp;
  let page: string;
  before(async () => {
    app = await startTestApp({ publicRateLimit: unlimited });
    const crew = await hireEditors(app);
    page = `/fact-checks/${(await publish(crew, (await newPublicClaim(app.api)).id)).id}`;
  });
  after(() => app.close());

  const read = (acceptEncoding?: string, extra: Record<string, string> = {}, method = 'GET') =>
    rawRequest(app.baseUrl, page, { ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }), ...extra }, method);

  describe('public cached pages', () => {
    it('when Accept-Encoding weighs br, gzip and identity, then the page comes in the coding it prefers, decoding to the identity bytes', async () => {
      const identity = await read();
      assert.equal(identity.status, 200);
      assert.ok(identity.body.length >= 1024, `a page of ${identity.body.length} bytes, enough to compress`);
      const expectations: Array<[string, string | undefined]> = [
        ['gzip, deflate, br', 'br'],
        ['br;q=0.5, gzip', 'gzip'],
        ['br;q=0, *', 'gzip'],
        ['*', 'br'],
        ['gzip;q=0.5, identity', undefined],
        ['deflate', undefined],
        ['*;q=0', undefined],
        ['identity', undefined],
      ];
      for (const [acceptEncoding, coding] of expectations) {
        const response = await read(acceptEncoding);
        assert.equal(response.status, 200, acceptEncoding);
        assert.equal(response.headers['content-encoding'], coding, acceptEncoding);
        assert.match(String(response.headers.vary), /\bAccept-Encoding\b/, `${acceptEncoding}: Vary names Accept-Encoding`);
        assert.equal(Number(response.headers['content-length']), response.body.length, acceptEncoding);
        assert.deepEqual(decoded(response), identity.body, `${acceptEncoding}: the same page once decoded`);
        if (coding) assert.ok(response.body.length < identity.body.length / 2, `${acceptEncoding}: ${response.body.length} of ${identity.body.length} bytes`);
      }
    });

    it('when the page is read in br, gzip and identity, then each has its own strong ETag and gets 304 for it, not for another coding’s', async () => {
      const codings = ['br', 'gzip', 'identity'];
      const etags = new Map<string, string>();
      for (const coding of codings) {
        const response = await read(coding);
        assert.equal(response.status, 200);
        const etag = String(response.headers.etag);
        assert.match(etag, /^"[!#-~]+"$/, `${coding}: a strong ETag`);
        etags.set(coding, etag);
      }
      assert.equal(new Set(etags.values()).size, 3, `three ETags: ${[...etags.values()]}`);
      for (const coding of codings) {
        const notModified = await read(coding, { 'if-none-match': etags.get(coding)! });
        assert.equal(notModified.status, 304, coding);
        assert.equal(notModified.body.length, 0);
        assert.equal(notModified.headers.etag, etags.get(coding));
        assert.match(String(notModified.headers.vary), /\bAccept-Encoding\b/);
        const other = codings.find((each) => each !== coding)!;
        const changed = await read(coding, { 'if-none-match': etags.get(other)! });
        assert.equal(changed.status, 200, `${coding} with ${other}'s ETag is another representation`);
      }
    });

    it('when HEAD asks for a coding, then its Content-Length and ETag are those of GET in that coding', async () => {
      for (const coding of ['br', 'gzip', 'identity']) {
        const get = await read(coding);
        const head = await read(coding, {}, 'HEAD');
        assert.equal(head.status, 200);
        assert.equal(head.body.length, 0);
        assert.equal(head.headers['content-length'], get.headers['content-length'], coding);
        assert.equal(head.headers['content-encoding'], get.headers['content-encoding'], coding);
        assert.equal(head.headers.etag, get.headers.etag, coding);
      }
    });

    it('when a page is cached, then its compressed copies count against the byte budget', async () => {
      const cache = new PublicCache({ maxBytes: 1024 ** 2, maxEntries: 10 });
      const body = JSON.stringify({ items: Array.from({ length: 200 }, (_, index) => ({ index, text: `fact-check ${index} ${'x'.repeat(index % 17)}` })) });
      const cached = await cache.get('page', async () => ({ status: 200, contentType: 'application/json', body }));
      assert.ok(cached.encoded, 'br and gzip made when cached');
      const encodedBytes = cached.encoded.br.body.length + cached.encoded.gzip.body.length;
      assert.ok(cache.bytes >= Buffer.byteLength(body) + encodedBytes, `${cache.bytes} bytes counted for ${Buffer.byteLength(body)} + ${encodedBytes}`);
    });
  });

  describe('other responses', () => {
    it('when a large answer (the OpenAPI document) is read by a client that accepts gzip, then it comes compressed, and its ETag still gets 304', async () => {
      const identity = await rawRequest(app.baseUrl, '/openapi.json');
      assert.equal(identity.headers['content-encoding'], undefined);
      for (const coding of ['br', 'gzip']) {
        const response = await rawRequest(app.baseUrl, '/openapi.json', { 'accept-encoding': coding });
        assert.equal(response.status, 200);
        assert.equal(response.headers['content-encoding'], coding);
        assert.match(String(response.headers.vary), /Accept-Encoding/i);
        assert.deepEqual(decoded(response), identity.body);
        assert.ok(response.body.length < identity.body.length / 5, `${coding}: ${response.body.length} of ${identity.body.length} bytes`);
        const again = await rawRequest(app.baseUrl, '/openapi.json', { 'accept-encoding': coding, 'if-none-match': String(response.headers.etag) });
        assert.equal(again.status, 304, coding);
      }
    });

    it('when an answer is under 1 kB (health, a problem), then it is sent as it is', async () => {
      for (const path of ['/health', '/api/v1/claims']) {
        const response = await rawRequest(app.baseUrl, path, { 'accept-encoding': 'gzip, br' });
        assert.ok(response.body.length < 1024, `${path}: ${response.body.length} bytes`);
        assert.equal(response.headers['content-encoding'], undefined, path);
        JSON.parse(response.body.toString('utf8'));
      }
    });

    it('when a static file is larger than 256 kB (Swagger UI’s bundle), then it is sent as it is, not compressed per request', async () => {
      const response = await rawRequest(app.baseUrl, '/docs/swagger-ui-bundle.js', { 'accept-encoding': 'br, gzip' });
      assert.equal(response.status, 200);
      assert.ok(response.body.length > 256 * 1024, `${response.body.length} bytes`);
      assert.equal(response.headers['content-encoding'], undefined);
    });
  });
});
