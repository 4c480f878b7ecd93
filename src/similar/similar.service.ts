import type { EntityManager } from 'typeorm';
import type { Claim } from '../claims/claim.entity';

/** The text search configuration of a language tag, as the search trigger picks it (migration 1795786000000). */
export function textSearchConfig(language: string): 'indonesian' | 'english' | 'simple' {
  const primary = language.toLowerCase().split('-')[0];
  return primary === 'id' ? 'indonesian' : primary === 'en' ? 'english' : 'simple';
}

/** The same choice in SQL, per row, for a language column. */
export const textSearchConfigSql = (language: string): string =>
  `(CASE WHEN ${language} = 'id' OR ${language} LIKE 'id-%' THEN 'indonesian'
         WHEN ${language} = 'en' OR ${language} LIKE 'en-%' THEN 'english' ELSE 'simple' END)::regconfig`;

/** Any of the words of `text` (plainto_tsquery asks for all), in configuration `config`. */
const anyWordQuerySql = (config: string, text: string): string =>
  `coalesce(nullif(replace(plainto_tsquery(${config}, ${text})::text, ' & ', ' | '), '')::tsquery, ''::tsquery)`;

/**
 * How a candidate scores: three parts trigram similarity of the normalised wording (robust to
 * rewording, spelling and inflection), one part full-text rank (normalised to 0–1) of the quote
 * against the words of the text in `config` (stems: "meets" finds "meeting").
 */
export const scoreSql = (trigram: string, config: string, text: string): string =>
  `round((0.75 * ${trigram} + 0.25 * ts_rank(to_tsvector(${config}, c."quote"), ${anyWordQuerySql(config, text)}, 32))::numeric, 4)::float8`;

/** How many trigram candidates are ranked at most: the index finds them, the rank orders only these. */
export const maxCandidates = 50;

export type SimilarRow = {
  id: string;
  quote: string;
  summary: string | null;
  claimant: string;
  language: string;
  status: string;
  rating: string | null;
  ratingLabel: string | null;
  lastPublishedAt: Date | null;
  matchOfId: string | null;
  score: number;
  trigram: number;
};

/**
 * Earlier claims (created before this one) and published fact-checks (whenever) whose normalised
 * wording is close to this claim's (pg_trgm's `%`: similarity ≥ pg_trgm.similarity_threshold, 0.3 by
 * default), best first. The trigram index finds and orders the candidates; only the best
 * `maxCandidates` are ranked by full text in the claim's language.
 */
export async function findSimilarClaims(
  manager: EntityManager,
  claim: Pick<Claim, 'id' | 'seq' | 'language'>,
  limit: number,
): Promise<SimilarRow[]> {
  const rows = await manager.query<Array<SimilarRow & { last_published_at: Date | null }>>(
    `WITH self AS (SELECT "wording", "quote" FROM "claims" WHERE "id" = $1),
          candidates AS (
            SELECT c."id", similarity(c."wording", self."wording") AS trigram
              FROM "claims" c, self
             WHERE c."wording" % self."wording" AND c."id" <> $1 AND (c."seq" < $2 OR c."last_published_at" IS NOT NULL)
             ORDER BY trigram DESC, c."id"
             LIMIT ${maxCandidates})
     SELECT c."id", c."quote", c."summary", c."claimant", c."language", c."status", c."rating", r."label" AS "ratingLabel",
            c."last_published_at", c."match_of_id" AS "matchOfId", candidates.trigram::float8 AS trigram,
            ${scoreSql('candidates.trigram', '$3::regconfig', 'self."quote"')} AS score
       FROM candidates JOIN "claims" c ON c."id" = candidates."id" CROSS JOIN self
       LEFT JOIN "ratings" r ON r."scale_version" = c."rating_scale_version" AND r."id" = c."rating"
      ORDER BY score DESC, c."id"
      LIMIT $4`,
    [claim.id, claim.seq, textSearchConfig(claim.language), limit],
  );
  return rows.map(({ last_published_at, ...row }) => ({ ...row, lastPublishedAt: last_published_at }));
}
