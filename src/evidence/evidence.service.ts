import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { changeClaim } from '../claims/claim-command';
import type { Claim } from '../claims/claim.entity';
import { notFound, Problem } from '../errors/problem';
import type { Actor } from '../users/users.service';
import type { AddEvidenceDto } from './evidence.dto';
import { Evidence } from './evidence.entity';
import { oldestFirstPage } from '../http/pagination';

export async function addEvidence(
  db: DataSource,
  claimId: string,
  ifMatch: string | undefined,
  actor: Actor,
  input: AddEvidenceDto,
  maxPerClaim: number,
): Promise<{ claim: Claim; result: Evidence }> {
  return changeClaim(db, claimId, ifMatch, actor, async (manager) => {
    // The claim row is locked (changeClaim): two adds cannot both see room for one more.
    const held = await manager.countBy(Evidence, { claimId });
    if (held >= maxPerClaim) {
      throw new Problem('evidence-limit-reached', `The claim holds ${held} pieces of evidence, retracted ones included; at most ${maxPerClaim} are kept.`, {
        limit: maxPerClaim,
      });
    }
    const evidence = await manager.save(
      manager.create(Evidence, {
        claimId,
        url: input.url,
        title: input.title ?? null,
        publisher: input.publisher ?? null,
        excerpt: input.excerpt ?? null,
        stance: input.stance,
        accessedAt: input.accessedAt ? new Date(input.accessedAt) : new Date(),
        archiveUrl: input.archiveUrl ?? null,
        note: input.note ?? null,
        addedBy: actor.id,
      }),
    );
    return {
      event: { action: 'evidence.added', changes: { evidenceId: evidence.id, url: evidence.url, stance: evidence.stance } },
      result: evidence,
    };
  });
}

/** Evidence is never deleted; retracting keeps it on record with who retracted it and why. */
export async function retractEvidence(
  db: DataSource,
  claimId: string,
  evidenceId: string,
  ifMatch: string | undefined,
  actor: Actor,
  reason: string,
): Promise<{ claim: Claim; result: Evidence }> {
  return changeClaim(db, claimId, ifMatch, actor, async (manager) => {
    const evidence = await manager.findOneBy(Evidence, { id: evidenceId, claimId });
    if (!evidence) throw notFound('evidence on this claim', evidenceId);
    if (evidence.retractedAt) throw new Problem('evidence-already-retracted', `Retracted on ${evidence.retractedAt.toISOString()}.`);
    evidence.retractedAt = new Date();
    evidence.retractedBy = actor.id;
    evidence.retractionReason = reason;
    await manager.save(evidence);
    return { event: { action: 'evidence.retracted', note: reason, changes: { evidenceId } }, result: evidence };
  });
}

/** Oldest first; fetches limit + 1 rows (see toPage). */
export function listEvidence(manager: EntityManager, claimId: string, page: { limit: number; after?: string }): Promise<Evidence[]> {
  const select = manager.createQueryBuilder(Evidence, 'evidence').where('evidence.claimId = :claimId', { claimId });
  return oldestFirstPage(select, 'evidence', page).getMany();
}

export const countCurrentEvidence = (manager: EntityManager, claimId: string): Promise<number> =>
  manager.countBy(Evidence, { claimId, retractedAt: IsNull() });
