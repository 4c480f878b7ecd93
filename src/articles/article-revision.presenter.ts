import type { Revised, RevisionWithActor } from './article-revisions.service';
import { presentArticle } from './article.presenter';
import type { ClaimCounts } from './articles.service';

export const presentRevisionSummary = ({ revision, actorName }: RevisionWithActor) => ({
  number: revision.number,
  bodySha256: revision.bodySha256,
  actor: revision.actorId ? { id: revision.actorId, name: actorName } : null,
  createdAt: revision.createdAt.toISOString(),
});

export const presentRevision = (row: RevisionWithActor) => ({ ...presentRevisionSummary(row), body: row.revision.body });

/** The article after a revision, with the claims whose anchors the revision moved or lost. */
export const presentRevised = ({ article, moved, lost }: Revised, claimCounts: ClaimCounts) => ({
  ...presentArticle(article, claimCounts),
  anchors: { moved, lost },
});
