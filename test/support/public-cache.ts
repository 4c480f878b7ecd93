import assert from 'node:assert/strict';
import type supertest from 'supertest';
import type { PublicCache } from '../../src/public-cache/public-cache';

export type Invalidations = { readonly count: number; readonly causes: readonly string[] };

/** Counts the invalidations a cache receives (from NOTIFY, whoever published), without changing what they do. */
export function countInvalidations(cache: PublicCache): Invalidations {
  const counter = { count: 0, causes: [] as string[] };
  const invalidate = cache.invalidate.bind(cache);
  cache.invalidate = (cause) => {
    counter.count++;
    counter.causes.push(cause);
    invalidate(cause);
  };
  return counter;
}

/**
 * Runs `observe` until no invalidation happened while it ran (on a shared PostgreSQL, other test
 * files' publications drop the cache at any time), and returns what it saw then. `prepare` runs
 * before each try, its own invalidations not counted.
 */
export async function withoutInvalidation<T>(invalidations: Invalidations, prepare: (() => void) | undefined, observe: () => Promise<T>): Promise<T> {
  for (let tries = 0; tries < 20; tries++) {
    prepare?.();
    const seen = invalidations.count;
    const observed = await observe();
    if (invalidations.count === seen) return observed;
  }
  assert.fail('the cache was dropped during every one of 20 tries');
}

/**
 * Reads `path` twice in a row until the second read is a cache hit with no invalidation in between.
 * A second read that renders again although nothing invalidated the cache fails at once.
 */
export async function servedFromCache(agent: supertest.Agent, cache: PublicCache, invalidations: Invalidations, path: string) {
  for (let tries = 0; ; tries++) {
    // From before the first read: a render that an invalidation overtakes is served but not kept.
    const seen = invalidations.count;
    const first = await agent.get(path);
    assert.equal(first.status, 200, first.text);
    const { hits, misses } = cache;
    const second = await agent.get(path);
    assert.equal(second.status, 200, second.text);
    if (invalidations.count === seen) {
      assert.equal(cache.misses, misses, `${path}: the second read rendered nothing, so queried nothing`);
      assert.equal(cache.hits, hits + 1, `${path}: the second read was a cache hit`);
      return { first, second };
    }
    assert.ok(tries < 20, `${path}: two reads without a publication in between, in 20 tries`);
  }
}
