import type { ExternalMatchRow } from '../similar/external-matches';
import { presentExternalMatch } from '../similar/similar.presenter';
import { currentVerdict } from './claim-review';
import type { FactCheck } from './fact-checks.service';
import { factCheckUrl, type Site } from './site';

/** One hit: what the published fact-check says, in short, with how close it is; the page has the rest. */
export function presentSearchHit({ factCheck, score }: { factCheck: FactCheck; score: number }, site: Site) {
  const { claim } = factCheck;
  const { verdict, label, value } = currentVerdict(factCheck);
  const { quote, summary, claimant, language, article } = verdict.claimSnapshot;
  return {
    id: claim.id,
    url: factCheckUrl(site, claim.id),
    score,
    claim: { quote, summary, claimant, language },
    article: { title: article.title, url: article.url, publisher: article.publisher },
    verdict: { rating: verdict.rating, label, value, rationale: verdict.rationale },
    datePublished: claim.firstPublishedAt!.toISOString(),
    dateModified: claim.lastPublishedAt!.toISOString(),
  };
}

/** The desk's own fact-checks in `items`; other organisations' (imported), on the first page only, in `elsewhere`. */
export function presentSearch(
  site: Site,
  query: string,
  hits: Array<{ factCheck: FactCheck; score: number }>,
  elsewhere: ExternalMatchRow[],
  nextUrl: string | undefined,
) {
  return { query, items: hits.map((hit) => presentSearchHit(hit, site)), elsewhere: elsewhere.map(presentExternalMatch), nextUrl: nextUrl ?? null };
}
