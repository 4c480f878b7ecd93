import type { EntityManager } from 'typeorm';
import type { Claim } from '../claims/claim.entity';
import { wordingBandKeys } from './wording-bands';

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

/** How many candidates, the most similar first, are ranked by full text at most. */
export const maxCandidates = 50;

/** The least trigram similarity a candidate needs (pg_trgm's own default threshold for `%`). */
export const minimumSimilarity = 0.3;

/**
 * How many claims a search reads under each of its band keys, newest first. A key shared by many claims
 * (a wording's common words) so costs no more than a rare one: at most bandCount × this many rows for
 * each kind of candidate (earlier, published), whatever the size of the table.
 */
export const claimsPerBandKey = 20;

/**
 * The claim seqs sharing one of the band keys `keysSql` (a query of a "key" column) with a wording:
 * those of the published partial index, and, when `beforeSeq` is given, those created before that seq.
 */
export const bandCandidatesSql = (keysSql: string, beforeSeq?: string): string => {
  const under = (condition: string) => `
    SELECT DISTINCT hit."claim_seq" FROM (${keysSql}) AS keys CROSS JOIN LATERAL (
      SELECT w."claim_seq" FROM "claim_wording_bands" w WHERE w."key" = keys."key" AND ${condition}
       ORDER BY w."claim_seq" DESC LIMIT ${claimsPerBandKey}) AS hit`;
  return beforeSeq === undefined ? under('w."published"') : `${under('w."published"')} UNION ${under(`w."claim_seq" < ${beforeSeq}`)}`;
};

/** A claim's normalised quote (not loaded with the claim). */
export async function claimWording(manager: EntityManager, claimId: string): Promise<string> {
  const [row] = await manager.query<Array<{ wording: string }>>(`SELECT "wording" FROM "claims" WHERE "id" = $1`, [claimId]);
  return row?.wording ?? '';
}

/** Stores the band keys of a new claim's wording, in the transaction that inserts it. */
export async function storeWordingBands(manager: EntityManager, claimId: string, wording: string): Promise<void> {
  await manager.query(
    `INSERT INTO "claim_wording_bands" ("claim_seq", "key") SELECT c."seq", k.key FROM "claims" c, unnest($2::bigint[]) AS k(key) WHERE c."id" = $1`,
    [claimId, wordingBandKeys(wording)],
  );
}

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
 * wording is close to this claim's (trigram similarity ≥ `minimumSimilarity`), best first. Candidates
 * are the claims sharing one of its band keys (see src/similar/wording-bands.ts), at most
 * `claimsPerBandKey` a key; the most similar `maxCandidates` are then ranked by full text in the
 * claim's language. Approximate by design: a claim worded alike that shares only keys common to many
 * newer claims is not found (docs/api.md, similar claims).
 */
export async function findSimilarClaims(
  manager: EntityManager,
  claim: Pick<Claim, 'id' | 'seq' | 'language'>,
  limit: number,
): Promise<SimilarRow[]> {
  const rows = await manager.query<Array<SimilarRow & { last_published_at: Date | null }>>(
    `WITH self AS (SELECT "seq", "wording", "quote" FROM "claims" WHERE "id" = $1),
          near AS (${bandCandidatesSql('SELECT b."key" FROM "claim_wording_bands" b WHERE b."claim_seq" = $2', '$2')}),
          candidates AS (
            SELECT c."id", similarity(c."wording", self."wording") AS trigram
              FROM near JOIN "claims" c ON c."seq" = near."claim_seq" CROSS JOIN self
             WHERE c."seq" <> $2 AND similarity(c."wording", self."wording") >= ${minimumSimilarity}
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
