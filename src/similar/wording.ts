/**
 * A claim's wording as similarity compares it: lower case, without diacritics, punctuation folded to
 * single spaces, and digit groups joined ("5.000", "5,000" and "5 000" are all "5000"). Done here rather
 * than in SQL so that it does not depend on the database's locale (PGlite's is C, where lower() and
 * [:alpha:] know only ASCII) or on unaccent's rules file; claims store it (claims.wording) and queries
 * are normalised the same way before they reach pg_trgm.
 */
export function normaliseWording(text: string): string {
  return text
    .replace(/(?<=\d)[.,'’\u00a0\u2009\u202f](?=\d{3}(?!\d))/gu, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Longest text a query may bring to the trigram index: each trigram of it is a lookup. */
export const maxWordingQueryLength = 300;
