import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendWebhook } from '../../src/webhooks/send';
import { guardedLookup, isForbiddenAddress } from '../../src/webhooks/target-safety';

describe('webhook target safety', () => {
  it('when an address is loopback, private, link-local, metadata or carries an IPv4 one, then it is forbidden', () => {
    for (const address of [
      '127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '255.255.255.255', '224.0.0.1',
      '::1', '::', 'fd00:ec2::254', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '::7f00:1', '64:ff9b::a00:1', 'ff02::1',
    ]) assert.equal(isForbiddenAddress(address), true, address);
  });

  it('when an address is public, then it is allowed', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '2001:4860:4860::8888']) {
      assert.equal(isForbiddenAddress(address), false, address);
    }
  });

  it('when a name resolves to loopback at connection time, then the lookup refuses it (no rebinding past the check)', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', { all: true }, (failed) => resolve(failed)));
    assert.match(String(error?.message), /localhost resolves to .*refused/);
    const allowed = await new Promise<unknown>((resolve) => guardedLookup(true)('localhost', { all: true }, (_e, addresses) => resolve(addresses)));
    assert.ok(Array.isArray(allowed) && allowed.length > 0);
  });

  it('when a stored target is a private address and private targets are no longer allowed, then the attempt fails saying why, so it is logged and retried like any failure', async () => {
    const outcome = await sendWebhook('http://127.0.0.1:9/hook', '{}', {}, { timeoutMs: 1_000, allowPrivate: false });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.statusCode, null);
    assert.match(String(outcome.error), /127\.0\.0\.1/);
  });
});
