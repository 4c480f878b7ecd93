import type { Evidence } from './evidence.entity';

export function presentEvidence(evidence: Evidence) {
  return {
    id: evidence.id,
    claimId: evidence.claimId,
    url: evidence.url,
    title: evidence.title,
    publisher: evidence.publisher,
    excerpt: evidence.excerpt,
    stance: evidence.stance,
    accessedAt: evidence.accessedAt.toISOString(),
    archiveUrl: evidence.archiveUrl,
    note: evidence.note,
    addedBy: evidence.addedBy,
    createdAt: evidence.createdAt.toISOString(),
    retraction: evidence.retractedAt
      ? { retractedAt: evidence.retractedAt.toISOString(), retractedBy: evidence.retractedBy, reason: evidence.retractionReason }
      : null,
  };
}
