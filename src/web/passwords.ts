import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { validationFailed } from '../errors/problem';

/**
 * Passwords are stored as scrypt (Node's own; no native addon to build): N = 2^15, r = 8, p = 1 — about
 * 50 ms and 32 MB per check, OWASP's minimum for scrypt. The parameters are stored with each hash, so
 * they can be raised later without invalidating the old ones.
 */
const current = { log2N: 15, r: 8, p: 1 };
const keyLength = 32;

export const passwordLength = { min: 10, max: 200 } as const;

const derive = (password: string, salt: Buffer, { log2N, r, p }: typeof current): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const options: ScryptOptions = { N: 2 ** log2N, r, p, maxmem: 128 * 2 ** log2N * r * 2 };
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });

/** Refuses what cannot be a password here: too short to resist guessing, or long enough to cost the server. */
export function checkPasswordShape(password: unknown): string {
  if (typeof password !== 'string' || [...password].length < passwordLength.min || password.length > passwordLength.max) {
    throw validationFailed([{ pointer: '#/password', detail: `password must have ${passwordLength.min} to ${passwordLength.max} characters` }]);
  }
  return password;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, current);
  return ['scrypt', current.log2N, current.r, current.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** A hash nobody's password matches: checked when the name is unknown, so that a miss takes as long as a wrong password. */
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword(randomBytes(24).toString('base64url')));

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? (await decoyHash())).split('$');
  const [scheme, log2N, r, p, salt, key] = parts;
  if (scheme !== 'scrypt' || parts.length !== 6 || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password.slice(0, passwordLength.max), Buffer.from(salt, 'base64url'), { log2N: Number(log2N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected) && stored !== null;
}
