import { registerDecorator } from 'class-validator';

/**
 * Full-text search over claims. A trigger (migration CreateArticlesAndClaims) stems each claim's
 * quote with the text search configuration of its language, and also indexes quote, summary and
 * claimant word for word ('simple'). A search therefore matches exact words in any language and
 * inflected forms in the languages below. Adding a language means a migration changing the
 * trigger and a line here.
 */
const stemmedConfigs = ['indonesian', 'english'] as const;

/** A tsquery matching the user's text (SQL parameter `parameter`) in every configuration indexed. */
export const searchQuerySql = (parameter: string): string =>
  ['simple', ...stemmedConfigs].map((config) => `websearch_to_tsquery('${config}', ${parameter})`).join(' || ');

/** At most this many words in `q`: a search names a few words, and each costs a lookup in three configurations. */
export const maxSearchWords = 32;

/**
 * At most this many minus signs with no word between them. websearch_to_tsquery keeps each pending
 * NOT on a 32-deep operator stack and fails with an internal error ("tsquery stack too small") at 33.
 * Counting every `-` in a stretch without letters, digits or marks over-counts (a stretch may hold
 * an operand for PostgreSQL), so the limit holds whatever PostgreSQL treats as space or operator.
 */
export const maxNegationRun = 16;

/** Why PostgreSQL could not take this `q`, or undefined when it can. */
export function searchQueryTrouble(q: string): string | undefined {
  const words = q.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  if (words.length > maxSearchWords) return `q may hold at most ${maxSearchWords} words`;
  const longestRun = Math.max(0, ...(q.match(/[^\p{L}\p{N}\p{M}]+/gu) ?? []).map((run) => run.split('-').length - 1));
  if (longestRun > maxNegationRun) return `q may hold at most ${maxNegationRun} minus signs with no word between them`;
  return undefined;
}

/** class-validator rule for `q`: refused up front rather than failing inside PostgreSQL. */
export const IsSearchableQuery = (): PropertyDecorator => (target, propertyName) =>
  registerDecorator({
    name: 'isSearchableQuery',
    target: target.constructor,
    propertyName: String(propertyName),
    options: { message: (args) => searchQueryTrouble(String(args.value)) ?? `${args.property} is not searchable` },
    validator: { validate: (value) => typeof value !== 'string' || searchQueryTrouble(value) === undefined },
  });
