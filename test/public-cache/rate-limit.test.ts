import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Config } from '../../src/config/config';
import { startTestApp } from '../support/test-app';

/** The statuses of `/feed.json` read by clients at these X-Forwarded-For addresses, in turn, from 127.0.0.1. */
async function readsAs(overrides: Partial<Config>, clients: string[]): Promise<number[]> {
  const app = await startTestApp({ publicRateLimit: { perMinute: 2, store: 'memory' }, ...overrides });
  try {
    const statuses: number[] = [];
    for (const client of clients) statuses.push((await app.anonymous.get('/feed.json').set('X-Forwarded-For', client)).status);
    return statuses;
  } finally {
    await app.close();
  }
}

const clients = ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.1'];

describe('public rate limit behind a proxy (TRUST_PROXY)', () => {
  it('when TRUST_PROXY is unset, then X-Forwarded-For is not believed: two addresses sent from 127.0.0.1 share one limit', async () => {
    assert.deepEqual(await readsAs({}, clients), [200, 200, 429, 429]);
  });

  it('when TRUST_PROXY=loopback, then the clients the proxy on 127.0.0.1 names are counted separately', async () => {
    assert.deepEqual(await readsAs({ trustProxy: ['loopback'] }, clients), [200, 200, 200, 429]);
  });

  it('when TRUST_PROXY=1 (one hop), then the address the proxy appended is counted, not what the client wrote before it', async () => {
    const forged = ['198.51.100.7, 203.0.113.1', '198.51.100.8, 203.0.113.1', '198.51.100.9, 203.0.113.2', '198.51.100.10, 203.0.113.1'];
    assert.deepEqual(await readsAs({ trustProxy: 1 }, forged), [200, 200, 200, 429]);
  });

  it('when IPv6 clients share a /56, then they share one limit, as express-rate-limit counts them', async () => {
    const sameSubnet = ['2001:db8:0:100::1', '2001:db8:0:1ff::2', '2001:db8:1::1', '2001:db8:0:100::3'];
    assert.deepEqual(await readsAs({ trustProxy: ['loopback'] }, sameSubnet), [200, 200, 200, 429]);
  });
});
