import { Problem } from '../errors/problem';

/** One entity-tag (RFC 9110 §8.8.3): optional W/, then a quoted string without quotes inside. */
const entityTag = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/**
 * If-Match must carry exactly one strong ETag, the one the client read. Missing or blank: 428. "*" (which
 * RFC 9110 lets match any version), a list, or anything that is not an entity-tag: 400, since nothing
 * can ever match it. A weak tag is well-formed but never matches strongly: it falls through to 412.
 * `subject` names what was read ("claim", "article") in the 428's detail.
 */
export function requireStrongEtag(ifMatch: string | undefined, subject: string): string {
  const value = ifMatch?.trim() ?? '';
  if (value === '') throw new Problem('precondition-required', `Read the ${subject}, then send its ETag in If-Match with the change.`);
  // Ours are a dozen characters; the cap spares the regex a 16 kB header.
  if (value.length > 100 || !entityTag.test(value)) {
    throw new Problem(
      'invalid-if-match',
      value === '*'
        ? 'If-Match: * would overwrite whatever is there; send the one ETag you read, e.g. "v7".'
        : 'If-Match takes exactly one ETag, the one you read, e.g. "v7": no lists, no *.',
    );
  }
  return value;
}

/** Answers 412 unless the tag the client sent names the current version. */
export function requireCurrent(expected: string, current: string, subject: string): void {
  if (expected !== current) {
    throw new Problem('precondition-failed', `The ${subject} is now at ${current}; read it again and reapply your change.`, {
      currentEtag: current,
    });
  }
}
