import { currentVerdict } from './claim-review';
import { presentFactCheck } from './fact-check.presenter';
import type { ExternalMatchRow } from '../similar/external-matches';
import type { ElsewhereItem, FactCheckListItem } from './fact-check-list.page';
import { ratingKey, type FactCheck, type FactCheckDetails } from './fact-checks.service';
import { factCheckPath, type Site } from './site';

/** The public page: everything the JSON says, and the rating's definition, the evidence and who checked it. */
export function presentFactCheckPage(details: FactCheckDetails, site: Site) {
  const { verdict } = currentVerdict(details);
  return {
    ...presentFactCheck(details, site),
    ratingDefinition: details.ratings.get(ratingKey(verdict))?.definition ?? null,
    proposedBy: details.names.get(verdict.proposedBy) ?? null,
    approvedBy: details.names.get(verdict.approvedBy) ?? null,
    evidence: details.evidence.map((evidence) => ({
      id: evidence.id,
      url: evidence.url,
      title: evidence.title,
      publisher: evidence.publisher,
      excerpt: evidence.excerpt,
      stance: evidence.stance,
      accessedAt: evidence.accessedAt.toISOString(),
      archiveUrl: evidence.archiveUrl,
      note: evidence.note,
    })),
  };
}

export type FactCheckPageView = ReturnType<typeof presentFactCheckPage>;

/** One line of the public lists: what was said, by whom, how it was rated, where to read it. */
export function presentFactCheckListItem(factCheck: FactCheck): FactCheckListItem {
  const { verdict, label } = currentVerdict(factCheck);
  const published = verdict.claimSnapshot;
  return {
    path: factCheckPath(factCheck.claim.id),
    said: published.summary ?? published.quote,
    claimant: published.claimant,
    label,
    dateModified: factCheck.claim.lastPublishedAt!.toISOString(),
  };
}

/** Another organisation's review as the search page lists it: theirs, by name, linked to their page. */
export const presentElsewhereItem = (row: ExternalMatchRow): ElsewhereItem => ({
  url: row.url,
  publisher: row.publisherName,
  claimReviewed: row.claimReviewed,
  rating: row.ratingText,
});
