/** Reading JSON-LD as publishers write it: a value may be a string, a `{"@value"}` object or an array of either. */

export type Node = Record<string, unknown>;

export const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first of a value that may be an array. */
export const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** The node's types without their vocabulary: "ClaimReview", "schema:ClaimReview" and "https://schema.org/ClaimReview" are one type. */
export function typesOf(node: Node): string[] {
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
  return types.flatMap((type) => (typeof type === 'string' ? [type.replace(/^(https?:\/\/schema\.org\/|schema:)/, '')] : []));
}

/** A text value, trimmed; undefined when absent, empty or not text. */
export function text(value: unknown): string | undefined {
  const one = first(value);
  const raw = isNode(one) ? one['@value'] : one;
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A name: the value itself when text, else its `name`. */
export const nameOf = (value: unknown): string | undefined => {
  const one = first(value);
  return isNode(one) ? text(one.name) : text(one);
};

/** A URL: the value itself when text, else its `url` or `@id`. */
export const urlOf = (value: unknown): string | undefined => {
  const one = first(value);
  return isNode(one) ? (text(one.url) ?? text(one['@id'])) : text(one);
};
