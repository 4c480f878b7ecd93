// How much the bounded search (band keys, src/similar/wording-bands.ts) misses against the exact one: for a
// sample of claims, the app's own findSimilarClaims against every claim it could list, scored by the same
// formula over a full scan (seconds a claim at 1 M: that is why the app does not do it).
import type { EntityManager } from 'typeorm';
import { maxCandidates, minimumSimilarity, scoreSql, textSearchConfig, findSimilarClaims } from '../../src/similar/similar.service';

export type RecallResult = {
  claims: number;
  /** Share of the exact top 10 (by id) that the app lists. */
  recallAt10: number;
  /** The same, counting a listed claim as found when it is as similar as the exact list's least similar (synthetic text has many ties). */
  tieAwareRecallAt10: number;
  /** How often the app lists a claim as similar as the exact best. */
  bestFound: number;
  exactSeconds: number;
  meanExact: number;
  meanFound: number;
};

const listed = 10;

async function exactSimilar(manager: EntityManager, claim: { id: string; seq: string; language: string }): Promise<Array<{ id: string; trigram: number }>> {
  return manager.query(
    `WITH self AS (SELECT "wording", "quote" FROM "claims" WHERE "id" = $1),
          candidates AS (
            SELECT c."id", similarity(c."wording", self."wording") AS trigram FROM "claims" c, self
             WHERE c."id" <> $1 AND (c."seq" < $2 OR c."last_published_at" IS NOT NULL)
               AND similarity(c."wording", self."wording") >= ${minimumSimilarity}
             ORDER BY trigram DESC, c."id" LIMIT ${maxCandidates})
     SELECT c."id", candidates.trigram::float8 AS trigram
       FROM candidates JOIN "claims" c ON c."id" = candidates."id" CROSS JOIN self
      ORDER BY ${scoreSql('candidates.trigram', '$3::regconfig', 'self."quote"')} DESC, c."id" LIMIT ${listed}`,
    [claim.id, claim.seq, textSearchConfig(claim.language)],
  );
}

/** The app's top 10 against the exact top 10, over `count` claims spread over the table. */
export async function measureRecall(manager: EntityManager, count: number): Promise<RecallResult> {
  const sample = await manager.query<Array<{ id: string; seq: string; language: string }>>(
    `SELECT "id", "seq"::text, "language" FROM "claims"
      WHERE "seq" IN (SELECT (1 + floor(random() * (SELECT max("seq") FROM "claims")))::bigint FROM generate_series(1, $1 * 2)) LIMIT $1`,
    [count],
  );
  let relevant = 0;
  let found = 0;
  let foundAlike = 0;
  let bestFound = 0;
  let withAny = 0;
  let exactMs = 0;
  let sumExact = 0;
  let sumFound = 0;
  for (const claim of sample) {
    const started = performance.now();
    const exact = await exactSimilar(manager, claim);
    exactMs += performance.now() - started;
    const approximate = await findSimilarClaims(manager, claim, listed);
    const ids = new Set(approximate.map((row) => row.id));
    relevant += exact.length;
    found += exact.filter((row) => ids.has(row.id)).length;
    const least = Math.min(...exact.map((row) => row.trigram));
    foundAlike += Math.min(exact.length, approximate.filter((row) => row.trigram >= least - 1e-6).length);
    sumExact += exact.reduce((sum, row) => sum + row.trigram, 0) / Math.max(1, exact.length);
    sumFound += approximate.reduce((sum, row) => sum + row.trigram, 0) / Math.max(1, approximate.length);
    if (exact.length > 0) {
      withAny += 1;
      const best = Math.max(...exact.map((row) => row.trigram));
      if (approximate.some((row) => row.trigram >= best - 1e-6)) bestFound += 1;
    }
  }
  return {
    claims: sample.length,
    recallAt10: relevant === 0 ? 1 : found / relevant,
    tieAwareRecallAt10: relevant === 0 ? 1 : foundAlike / relevant,
    bestFound: withAny === 0 ? 1 : bestFound / withAny,
    exactSeconds: exactMs / 1000 / Math.max(1, sample.length),
    meanExact: sumExact / Math.max(1, sample.length),
    meanFound: sumFound / Math.max(1, sample.length),
  };
}
