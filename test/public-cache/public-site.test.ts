import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type supertest from 'supertest';
import { hireEditors, newPublicClaim, publish } from '../support/public';
import { countInvalidations, withoutInvalidation } from '../support/public-cache';
import { startTestApp, type TestApp } from '../support/test-app';

const unlimited = { perMinute: 10_000_000, store: 'memory' } as const;

/** Every absolute URL a feed page carries: its own, the next page's and each item's. */
function feedUrls(response: supertest.Response): string[] {
  assert.equal(response.status, 200, response.text);
  const feed = JSON.parse(response.text) as { feed_url: string; home_page_url: string; next_url?: string; items: Array<{ id: string; url: string }> };
  return [feed.feed_url, feed.home_page_url, ...(feed.next_url ? [feed.next_url] : []), ...feed.items.flatMap((item) => [item.id, item.url])];
}

const onOrigin = (urls: string[], origin: string): boolean => urls.every((url) => url === origin || url.startsWith(`${origin}/`));

/** The app with one more fact-check published on it, so that its feed has items and a next page. */
async function withFactChecks(app: TestApp): Promise<string> {
  const crew = await hireEditors(app);
  await publish(crew, (await newPublicClaim(app.api)).id);
  return (await publish(crew, (await newPublicClaim(app.api)).id)).id;
}

describe('the public site’s URLs', () => {
  describe('with neither PUBLIC_BASE_URL nor PUBLIC_HOSTS (development)', () => {
    let app: TestApp;
    let factCheckId: string;
    before(async () => {
      app = await startTestApp({ publicRateLimit: unlimited });
      factCheckId = await withFactChecks(app);
    });
    after(() => app.close());

    it('when a request says Host: evil.example, then no URL mentions it, and it is served the entry any other request gets', async () => {
      const invalidations = countInvalidations(app.publicCache);
      for (const path of ['/feed.json?limit=1', `/fact-checks/${factCheckId}`]) {
        const seen = await withoutInvalidation(invalidations, undefined, async () => {
          const plain = await app.anonymous.get(path);
          const { misses, size } = app.publicCache;
          const evil = await app.anonymous.get(path).set('Host', 'evil.example');
          return { plain, evil, misses: app.publicCache.misses - misses, grew: app.publicCache.size - size };
        });
        assert.equal(seen.evil.status, 200, seen.evil.text);
        assert.ok(!seen.evil.text.includes('evil.example'), `${path}: ${seen.evil.text.slice(0, 300)}`);
        assert.equal(seen.evil.text, seen.plain.text, path);
        assert.deepEqual({ misses: seen.misses, grew: seen.grew }, { misses: 0, grew: 0 }, `${path}: the same entry`);
      }
      const urls = feedUrls(await app.anonymous.get('/feed.json?limit=1').set('Host', 'evil.example'));
      assert.ok(urls.length >= 4 && onOrigin(urls, app.baseUrl), `HOST and the port listened on: ${urls.join(' ')}`);
    });
  });

  describe('with PUBLIC_HOSTS', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ publicRateLimit: unlimited, publicHosts: ['news.example', 'fakta.example:8443'] });
      await withFactChecks(app);
    });
    after(() => app.close());

    it('when each listed host asks, then it gets URLs on its own origin, from an entry of its own', async () => {
      const invalidations = countInvalidations(app.publicCache);
      // Each try starts from an empty cache: a try cut short by another file's publication may have cached the second host's page.
      const emptied = () => app.publicCache.invalidate('a try of its own');
      const seen = await withoutInvalidation(invalidations, emptied, async () => {
        const news = await app.anonymous.get('/feed.json?limit=1').set('Host', 'news.example');
        const misses = app.publicCache.misses;
        const fakta = await app.anonymous.get('/feed.json?limit=1').set('Host', 'FAKTA.example:8443');
        return { news, fakta, faktaRendered: app.publicCache.misses - misses };
      });
      assert.ok(onOrigin(feedUrls(seen.news), 'http://news.example'), seen.news.text.slice(0, 300));
      assert.ok(onOrigin(feedUrls(seen.fakta), 'http://fakta.example:8443'), seen.fakta.text.slice(0, 300));
      assert.equal(seen.faktaRendered, 1, 'the second host’s page is its own entry');
    });

    it('when an unlisted host asks, or X-Forwarded-Host comes from an untrusted client, then it gets the first listed host’s entry', async () => {
      const invalidations = countInvalidations(app.publicCache);
      const seen = await withoutInvalidation(invalidations, undefined, async () => {
        const news = await app.anonymous.get('/feed.json?limit=1').set('Host', 'news.example');
        const { misses, size } = app.publicCache;
        const evil = await app.anonymous.get('/feed.json?limit=1').set('Host', 'evil.example');
        const forwarded = await app.anonymous
          .get('/feed.json?limit=1')
          .set('Host', 'evil.example')
          .set('X-Forwarded-Host', 'fakta.example:8443')
          .set('X-Forwarded-Proto', 'https');
        return { news, evil, forwarded, misses: app.publicCache.misses - misses, grew: app.publicCache.size - size };
      });
      assert.equal(seen.evil.text, seen.news.text);
      assert.equal(seen.forwarded.text, seen.news.text, 'X-Forwarded-* are ignored: no proxy is trusted');
      assert.deepEqual({ misses: seen.misses, grew: seen.grew }, { misses: 0, grew: 0 });
    });
  });

  describe('with PUBLIC_HOSTS behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ publicRateLimit: unlimited, publicHosts: ['news.example', 'fakta.example:8443'], trustProxy: ['loopback'] });
      await withFactChecks(app);
    });
    after(() => app.close());

    it('when the proxy forwards the host and https, then the URLs are https on that host, and a strange scheme is taken as http', async () => {
      const viaProxy = (proto: string) =>
        app.anonymous.get('/feed.json?limit=1').set('Host', '127.0.0.1').set('X-Forwarded-Host', 'fakta.example:8443').set('X-Forwarded-Proto', proto);
      const https = feedUrls(await viaProxy('https'));
      assert.ok(onOrigin(https, 'https://fakta.example:8443'), https.join(' '));
      const strange = feedUrls(await viaProxy('javascript'));
      assert.ok(onOrigin(strange, 'http://fakta.example:8443'), strange.join(' '));
    });
  });
});
