import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config';
import { retryDelayMs, shortestRetrySpanMs } from '../../src/webhooks/retry-schedule';

describe('webhook retry schedule', () => {
  const defaults = loadConfig({}).webhooks;

  it('when the defaults apply, then a failing delivery is retried for at least 24 hours before it is dead-lettered', () => {
    const hours = shortestRetrySpanMs(defaults) / 3_600_000;
    assert.ok(hours >= 24, `${hours.toFixed(1)} h`);
  });

  it('when failures pile up, then the delay doubles up to the cap, with at most ±25 % jitter', () => {
    assert.equal(retryDelayMs(1, defaults, () => 0.5), 60_000);
    assert.equal(retryDelayMs(2, defaults, () => 0.5), 120_000);
    assert.equal(retryDelayMs(50, defaults, () => 0.5), defaults.retryMaxDelayMs);
    assert.equal(retryDelayMs(1, defaults, () => 0), 45_000);
    assert.equal(retryDelayMs(1, defaults, () => 0.999999), 75_000);
  });
});
