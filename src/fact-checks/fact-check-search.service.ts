import type { EntityManager } from 'typeorm';
import { bandCandidatesSql, minimumSimilarity, scoreSql, textSearchConfigSql } from '../similar/similar.service';
import { wordingBandKeys } from '../similar/wording-bands';
import { findFactChecksByIds, type FactCheck } from './fact-checks.service';

/** How many published fact-checks one query can find at most: the pages page through these. */
export const maxSearchHits = 100;

export type SearchPosition = { score: number; id: string };

export type SearchPage = {
  items: Array<{ factCheck: FactCheck; score: number }>;
  /** Where the next page starts, when there is one. */
  next: SearchPosition | undefined;
  /** The `after` position names a hit of this query (a cursor this search issued). */
  afterIsHit: boolean;
};

/** Up to this many words, a query is also looked for inside fact-checks (a few words typed into a search box). */
export const maxTypedWords = 5;

/** The least word similarity (pg_trgm's default for `<%`) for a typed query found inside a fact-check. */
const minimumWordSimilarity = 0.6;

/** A typed query's closeness: the better of resembling the whole quote and being found inside it. */
const typedTrigramSql = `greatest(similarity(c."wording", $1), word_similarity($1, c."wording"))`;
const typedMatchSql = `(similarity(c."wording", $1) >= ${minimumSimilarity} OR word_similarity($1, c."wording") >= ${minimumWordSimilarity})`;

const typedCandidatesSql = `
   UNION SELECT c."seq" AS "claim_seq" FROM "claims" c WHERE c."last_published_at" IS NOT NULL AND $1 <% c."wording"`;

/**
 * "Has this been checked?": published fact-checks whose quote is worded like `wording` (already
 * normalised, see src/similar/wording.ts), best first. A candidate either resembles the whole text
 * (trigram similarity, found through the band keys of published claims: see findSimilarClaims) or, for
 * a query of at most `maxTypedWords` words, contains it give or take a letter (`<%`, through the trigram
 * index of published claims). Nothing unpublished is ever looked at. The best `maxSearchHits` are scored
 * (see scoreSql: full text in each fact-check's language) and paged.
 */
export async function searchFactChecks(
  manager: EntityManager,
  { wording, limit, after }: { wording: string; limit: number; after?: SearchPosition },
): Promise<SearchPage> {
  const typed = wording.split(' ').length <= maxTypedWords;
  const hits = await manager.query<Array<{ id: string; score: number }>>(
    `WITH near AS (${bandCandidatesSql('SELECT unnest($2::bigint[]) AS "key"')}${typed ? typedCandidatesSql : ''}),
          candidates AS (
       SELECT c."id", ${typed ? typedTrigramSql : 'similarity(c."wording", $1)'} AS trigram
         FROM near JOIN "claims" c ON c."seq" = near."claim_seq"
        WHERE c."last_published_at" IS NOT NULL AND ${typed ? typedMatchSql : `similarity(c."wording", $1) >= ${minimumSimilarity}`}
        ORDER BY trigram DESC, c."id"
        LIMIT ${maxSearchHits})
     SELECT c."id", ${scoreSql('candidates.trigram', textSearchConfigSql('c."language"'), '$1')} AS score
       FROM candidates JOIN "claims" c ON c."id" = candidates."id"
      ORDER BY score DESC, c."id" DESC`,
    [wording, wordingBandKeys(wording)],
  );
  const start = after ? hits.findIndex((hit) => hit.score < after.score || (hit.score === after.score && hit.id < after.id)) : 0;
  const rest = start < 0 ? [] : hits.slice(start);
  const page = rest.slice(0, limit);
  const factChecks = await findFactChecksByIds(manager, page.map((hit) => hit.id));
  const scores = new Map(page.map((hit) => [hit.id, hit.score]));
  const last = page.at(-1);
  return {
    items: factChecks.map((factCheck) => ({ factCheck, score: scores.get(factCheck.claim.id)! })),
    next: rest.length > limit && last ? { score: last.score, id: last.id } : undefined,
    afterIsHit: after !== undefined && hits.some((hit) => hit.score === after.score && hit.id === after.id),
  };
}
