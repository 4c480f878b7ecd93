import { randomBytes } from 'node:crypto';
import { sha256 } from '../text/sha256';

const tokenPrefix = 'ct_';

/** 256 random bits, printable. Only the hash is stored; the prefix helps people tell tokens apart. */
export function generateToken(): { secret: string; sha256: string; prefix: string } {
  const secret = `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
  return { secret, sha256: sha256(secret), prefix: secret.slice(0, 10) };
}

/** A bearer token is high-entropy, so a plain SHA-256 suffices for lookup (no salt or slow hash). */
export const tokenHash = (secret: string): string => sha256(secret);
