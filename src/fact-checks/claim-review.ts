import type { PublishedArticle, PublishedClaim } from '../workflow/verdict.entity';
import { ratingKey, type FactCheck } from './fact-checks.service';
import { shortClaim } from './short-claim';
import { factCheckUrl, type Site } from './site';

const bestRating = 5;
const worstRating = 1;

/** The current verdict and how it rates on the published scale. */
export function currentVerdict(factCheck: FactCheck) {
  const verdict = factCheck.verdicts.at(-1)!;
  const rating = factCheck.ratings.get(ratingKey(verdict));
  return { verdict, label: rating?.label ?? verdict.rating, value: rating?.value ?? null };
}

const personKinds = new Set(['person', 'official']);

const agent = (name: string, kind?: string) => ({
  '@type': kind && personKinds.has(kind) ? 'Person' : 'Organization',
  name,
});

/** The earliest hop of the chain that names a place, as schema.org's firstAppearance. */
function firstAppearance(sources: PublishedClaim['sources']) {
  const origin = sources.find((source) => source.url);
  return origin ? { '@type': 'CreativeWork', url: origin.url, author: agent(origin.name, origin.kind) } : undefined;
}

const newsArticle = (article: PublishedArticle) => ({
  '@type': 'NewsArticle',
  headline: article.title,
  ...(article.url ? { url: article.url } : {}),
  ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
  ...(article.publisher ? { publisher: { '@type': 'Organization', name: article.publisher } } : {}),
  inLanguage: article.language,
});

/** schema.org ClaimReview for one published fact-check (https://schema.org/ClaimReview). */
export function buildClaimReview(factCheck: FactCheck, site: Site) {
  const { claim } = factCheck;
  const { verdict, label, value } = currentVerdict(factCheck);
  const published = verdict.claimSnapshot;
  const { article } = published;
  const origin = published.sources[0];
  // This claim's article first, then each article where a match of it was published. The first one's text
  // changed after the review: schema.org CreativeWork.dateModified on that appearance, not on the review.
  const revised = factCheck.articleRevisedAt ? { dateModified: factCheck.articleRevisedAt.toISOString() } : {};
  const appearance = [{ ...newsArticle(article), ...revised }, ...factCheck.matches.map((match) => newsArticle(match.article))];
  const first = firstAppearance(published.sources);
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: factCheckUrl(site, claim.id),
    // Short, as search engines show it; the exact words stay in itemReviewed.text (and the feed's content_text).
    claimReviewed: shortClaim(published.summary ?? published.quote),
    datePublished: claim.firstPublishedAt!.toISOString(),
    dateModified: claim.lastPublishedAt!.toISOString(),
    author: { '@type': 'Organization', name: site.organization.name, url: site.organization.url ?? site.baseUrl },
    reviewRating: {
      '@type': 'Rating',
      name: label,
      alternateName: label,
      ...(value === null ? {} : { ratingValue: value, bestRating, worstRating }),
      ratingExplanation: verdict.rationale,
    },
    itemReviewed: {
      '@type': 'Claim',
      text: published.quote,
      author: agent(published.claimant, origin && origin.name === published.claimant ? origin.kind : undefined),
      ...(published.claimDate ? { datePublished: published.claimDate } : {}),
      appearance,
      ...(first ? { firstAppearance: first } : {}),
    },
    inLanguage: site.reviewLanguage,
  };
}
