import type { Request } from 'express';
import { ipKeyGenerator, MemoryStore, type Options, type Store } from 'express-rate-limit';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { PostgresRateLimitStore, windowMs as minute } from '../public-cache/rate-limit';
import { sha256 } from '../text/sha256';
import { normalizeName } from '../users/names';

export type SignInThrottle = {
  /**
   * Counts one attempt for the name and for the client; answers how many seconds to wait when either is
   * over its limit (0: go on). It runs before the password is hashed, so a refusal costs no hashing.
   */
  attempt: (req: Request, name: string) => Promise<number>;
  /** A successful sign-in forgets the name's misses: a person who mistyped starts afresh. */
  succeeded: (name: string) => Promise<void>;
};

/**
 * Attempts are counted, not only failures, and before the password is checked: of many concurrent
 * guesses none slips through between a check and its count. Unknown names are counted like known
 * ones, so the limit tells nobody which names exist. The name's count lets someone lock a person out
 * for a window by guessing at it; the per-client limit bounds how many names one client can do that to.
 */
export function signInThrottle(config: Config, db: DataSource): SignInThrottle {
  const { perAccount, accountWindowMinutes, perClientPerMinute } = config.signInLimit;
  const accountWindowMs = accountWindowMinutes * 60_000;
  const shared = config.publicRateLimit.store === 'postgres';
  const accounts = shared ? new PostgresRateLimitStore(db, 'sign-in-name:', accountWindowMs) : memoryStore(accountWindowMs);
  const clients = shared ? new PostgresRateLimitStore(db, 'sign-in-client:', minute) : memoryStore(minute);

  return {
    attempt: async (req, name) => {
      const [byName, byClient] = await Promise.all([accounts.increment(accountKey(name)), clients.increment(ipKeyGenerator(req.ip ?? '', 56))]);
      const waits = [
        byName.totalHits > perAccount ? secondsUntil(byName.resetTime) : 0,
        byClient.totalHits > perClientPerMinute ? secondsUntil(byClient.resetTime) : 0,
      ];
      return Math.max(...waits);
    },
    succeeded: async (name) => {
      await accounts.resetKey(accountKey(name));
    },
  };
}

/** The name as the sign-in looks it up (NFC, any case), hashed: the store holds no names. */
const accountKey = (name: string): string => sha256(normalizeName(name.slice(0, 200)).toLowerCase());

const secondsUntil = (resetTime: Date | undefined): number => Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + minute) - Date.now()) / 1000));

function memoryStore(windowMs: number): Store & Required<Pick<Store, 'resetKey'>> {
  const store = new MemoryStore();
  store.init({ windowMs } as Options);
  return store;
}
