import { presentSource } from '../claims/claim.presenter';
import type { ExportedClaim } from './claim-batches';

/** One claim as a JSON Lines record: its status, rating, claimant, chain, article, assignee and dates. */
export function presentExportedClaim({ claim, article, assignee, sources }: ExportedClaim) {
  return {
    id: claim.id,
    status: claim.status,
    rating: claim.rating,
    ratingScaleVersion: claim.ratingScaleVersion,
    claimant: claim.claimant,
    summary: claim.summary,
    quote: claim.quote,
    claimDate: claim.claimDate,
    language: claim.language,
    sources: sources.map(presentSource),
    article: {
      id: claim.articleId,
      title: article?.title ?? null,
      url: article?.url ?? null,
      publisher: article?.publisher ?? null,
      publishedAt: article?.publishedAt?.toISOString() ?? null,
    },
    assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
    firstPublishedAt: claim.firstPublishedAt?.toISOString() ?? null,
    lastPublishedAt: claim.lastPublishedAt?.toISOString() ?? null,
    createdAt: claim.createdAt.toISOString(),
    updatedAt: claim.updatedAt.toISOString(),
    version: claim.version,
  };
}

export type ExportRecord = ReturnType<typeof presentExportedClaim>;

/** The CSV columns, in order: the JSON record flattened, the chain as one cell (origin first, ` → ` between hops). */
export const csvColumns = [
  'id', 'status', 'rating', 'ratingScaleVersion', 'claimant', 'summary', 'quote', 'claimDate', 'language', 'chain',
  'articleId', 'articleTitle', 'articleUrl', 'articlePublisher', 'articlePublishedAt', 'assigneeId', 'assigneeName',
  'firstPublishedAt', 'lastPublishedAt', 'createdAt', 'updatedAt', 'version',
] as const;

type CsvRow = Record<(typeof csvColumns)[number], string | number | null>;

/** The record's own fields as they are (csvColumns orders them); the article, assignee and chain flattened. */
export function toCsvRow(record: ExportRecord): CsvRow {
  const { article, assignee, sources, ...claim } = record;
  return {
    ...claim,
    chain: sources.map((source) => `${source.name} (${source.kind})`).join(' → '),
    articleId: article.id,
    articleTitle: article.title,
    articleUrl: article.url,
    articlePublisher: article.publisher,
    articlePublishedAt: article.publishedAt,
    assigneeId: assignee?.id ?? null,
    assigneeName: assignee?.name ?? null,
  };
}
