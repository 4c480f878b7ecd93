import { createHmac, randomBytes } from 'node:crypto';

const prefix = 'whsec_';

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newSigningSecret = (): string => `${prefix}${randomBytes(32).toString('base64')}`;

/** Where a secret stops: its first characters, to tell secrets apart without showing them. */
export const secretHint = (secret: string): string => `${secret.slice(0, prefix.length + 4)}…`;

/**
 * The Standard Webhooks headers for `body`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per
 * secret, space-separated, so that a receiver holding either secret accepts during a rotation.
 */
export function signatureHeaders(secrets: readonly string[], messageId: string, sentAt: Date, body: string) {
  const timestamp = String(Math.floor(sentAt.getTime() / 1000));
  const signed = `${messageId}.${timestamp}.${body}`;
  const signatures = secrets.map((secret) => {
    const key = Buffer.from(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, 'base64');
    return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
  });
  return { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}
