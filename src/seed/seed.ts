import type { DataSource } from 'typeorm';
import { Article } from '../articles/article.entity';
import { insertArticle } from '../articles/articles.service';
import { Claim } from '../claims/claim.entity';
import { insertClaim } from '../claims/claims.service';
import { CreateClaimDto } from '../claims/claims.dto';
import { CreateArticleDto } from '../articles/articles.dto';
import { parseBody } from '../http/validation';
import { sha256 } from '../text/sha256';
import { loadSeedArticles, type SeedArticle } from './fixtures';

// Arbitrary constant: the key of the advisory lock that keeps parallel seed runs from racing.
const seedLockKey = 4_711_2027;

export type SeedReport = { articlesCreated: number; claimsCreated: number };

/**
 * Imports the shipped articles and claims, validated as API input is. Idempotent: what is already
 * there (same slug, same anchor) is left alone.
 */
export async function seed(db: DataSource, articles: SeedArticle[] = loadSeedArticles()): Promise<SeedReport> {
  return db.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [seedLockKey]);
    const report: SeedReport = { articlesCreated: 0, claimsCreated: 0 };
    for (const fixture of articles) {
      let article = await manager.findOneBy(Article, { slug: fixture.slug });
      if (article && article.bodySha256 !== sha256(fixture.body)) {
        throw new Error(`Seed article ${fixture.slug} exists with a different body; refusing to anchor claims to it.`);
      }
      if (!article) {
        const { claims: _claims, ...metadata } = fixture;
        article = await insertArticle(manager, { ...(await parseBody(CreateArticleDto, metadata)), slug: fixture.slug });
        report.articlesCreated++;
      }
      const existing = await manager.find(Claim, { where: { articleId: article.id }, select: { start: true, end: true } });
      const anchored = new Set(existing.map((claim) => `${claim.start}-${claim.end}`));
      for (const { key: _key, ...claim } of fixture.claims) {
        if (anchored.has(`${claim.start}-${claim.end}`)) continue;
        await insertClaim(manager, article, await parseBody(CreateClaimDto, claim), null);
        report.claimsCreated++;
      }
    }
    return report;
  });
}
