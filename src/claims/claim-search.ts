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
