import { buildClaimReview, currentVerdict } from './claim-review';
import { ratingKey, type FactCheck } from './fact-checks.service';
import { factCheckUrl, type Site } from './site';

/** Earlier verdicts, each with the note of the correction that replaced it. */
export function presentCorrections(factCheck: FactCheck) {
  return factCheck.verdicts.slice(1).map((verdict, index) => {
    const previous = factCheck.verdicts[index]!;
    return {
      date: verdict.publishedAt.toISOString(),
      note: verdict.correctionNote,
      previousRating: previous.rating,
      previousRatingLabel: factCheck.ratings.get(ratingKey(previous))?.label ?? previous.rating,
      previousRationale: previous.rationale,
      rating: verdict.rating,
    };
  });
}

/** Where else this claim appeared: the published matches of it, each with its own fact-check page. */
export const presentAlsoAppearedIn = (factCheck: FactCheck, site: Site) =>
  factCheck.matches.map(({ claimId, article }) => ({
    id: claimId,
    url: factCheckUrl(site, claimId),
    article: { title: article.title, url: article.url, publisher: article.publisher, publishedAt: article.publishedAt, language: article.language },
  }));

/** The public fact-check page as JSON: only what was published, nothing from the desk's drafts. */
export function presentFactCheck(factCheck: FactCheck, site: Site) {
  const { claim } = factCheck;
  const { verdict, label, value } = currentVerdict(factCheck);
  const { article, ...published } = verdict.claimSnapshot;
  return {
    id: claim.id,
    url: factCheckUrl(site, claim.id),
    claim: published,
    article: {
      title: article.title,
      url: article.url,
      publisher: article.publisher,
      publishedAt: article.publishedAt,
      language: article.language,
    },
    verdict: {
      rating: verdict.rating,
      label,
      value,
      ratingScaleVersion: verdict.ratingScaleVersion,
      rationale: verdict.rationale,
      publishedAt: verdict.publishedAt.toISOString(),
    },
    datePublished: claim.firstPublishedAt!.toISOString(),
    dateModified: claim.lastPublishedAt!.toISOString(),
    /** The article's text was revised after this verdict: what was checked is the quote above, as it read then. */
    articleRevisedAt: factCheck.articleRevisedAt?.toISOString() ?? null,
    corrections: presentCorrections(factCheck),
    matchOf: claim.matchOfId ? { id: claim.matchOfId, url: factCheckUrl(site, claim.matchOfId) } : null,
    alsoAppearedIn: presentAlsoAppearedIn(factCheck, site),
    claimReview: buildClaimReview(factCheck, site),
  };
}
