import type { CandidateWithClaim } from './candidates.service';

/** A candidate as the API shows it: offsets in code points; `claimId` when a claim already overlaps it. */
export const presentCandidate = (candidate: CandidateWithClaim) => ({
  quote: candidate.quote,
  start: candidate.start,
  end: candidate.end,
  score: candidate.score,
  reasons: candidate.reasons.map(({ cue, text, start, end }) => ({ cue, text, start, end })),
  claimant: candidate.claimant && {
    name: candidate.claimant.name,
    start: candidate.claimant.start,
    end: candidate.claimant.end,
    basis: candidate.claimant.basis,
  },
  sources: candidate.sources.map(({ name, kind, start, end }) => ({ name, kind, start, end })),
  claimId: candidate.claimId,
});
