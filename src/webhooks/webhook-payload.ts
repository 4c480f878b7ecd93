import type { EntityManager } from 'typeorm';
import { ClaimSource } from '../claims/claim-source.entity';
import type { Claim } from '../claims/claim.entity';
import { presentClaim } from '../claims/claim.presenter';
import { Evidence } from '../evidence/evidence.entity';
import { presentEvidence } from '../evidence/evidence.presenter';
import { presentFactCheck } from '../fact-checks/fact-check.presenter';
import { findFactCheck } from '../fact-checks/fact-checks.service';
import type { Site } from '../fact-checks/site';
import type { EventDraft } from '../history/history.service';
import type { WebhookEventType } from './webhook-events';

/**
 * The `data` of an event, read inside the transaction that made the change, so it is what committed.
 * Public events: the fact-check exactly as /fact-checks/:id shows it, nothing of the desk's. Desk
 * events: the claim as the desk's API shows it (proposal and assignee included).
 */
export async function eventData(
  manager: EntityManager,
  type: WebhookEventType,
  claim: Claim,
  draft: EventDraft,
  site: Site,
): Promise<Record<string, unknown>> {
  if (type === 'claim.published' || type === 'claim.corrected') {
    const factCheck = await findFactCheck(manager, claim.id);
    if (!factCheck) throw new Error(`claim ${claim.id} is not published`);
    return { factCheck: presentFactCheck(factCheck, site) };
  }
  const sources = await manager.find(ClaimSource, { where: { claimId: claim.id }, order: { position: 'ASC' } });
  const deskClaim = presentClaim({ claim, sources });
  if (type === 'evidence.added') {
    const evidence = await manager.findOneByOrFail(Evidence, { id: String(draft.changes?.evidenceId) });
    return { claim: deskClaim, evidence: presentEvidence(evidence) };
  }
  if (type === 'claim.status_changed') {
    return { claim: deskClaim, fromStatus: draft.fromStatus ?? null, toStatus: draft.toStatus ?? null, note: draft.note ?? null };
  }
  return { claim: deskClaim };
}
