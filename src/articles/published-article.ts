import type { PublishedArticle } from '../workflow/verdict.entity';
import type { Article } from './article.entity';

/** The fields of an article that published fact-checks show, in the order the desk lists them. */
export const publishedArticleFields = ['title', 'url', 'publisher', 'publishedAt', 'language'] as const;

/** The article as a verdict's snapshot keeps it (see snapshotOf). */
export const publishedArticleOf = ({ title, url, publisher, publishedAt, language }: Article): PublishedArticle => ({
  title,
  url,
  publisher,
  publishedAt: publishedAt?.toISOString() ?? null,
  language,
});
