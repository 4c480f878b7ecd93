import type { Article } from './article.entity';
import type { ClaimCounts } from './articles.service';

export function presentArticleSummary(article: Article) {
  return {
    id: article.id,
    slug: article.slug,
    url: article.url,
    title: article.title,
    publisher: article.publisher,
    language: article.language,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    bodySha256: article.bodySha256,
    version: article.version,
    revision: article.revision,
    revisedAt: article.revisedAt?.toISOString() ?? null,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
  };
}

export function presentArticle(article: Article, claimCounts: ClaimCounts) {
  return { ...presentArticleSummary(article), body: article.body, claimCounts };
}
