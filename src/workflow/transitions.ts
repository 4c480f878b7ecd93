import type { ClaimStatus } from '../claims/claim-status';
import type { Role } from '../users/role';

/** What a move needs to be checked against; gathered by the workflow service before deciding. */
export type MoveContext = {
  actor: { id: string; role: Role };
  claim: { proposedBy: string | null; firstPublishedAt: Date | null };
  input: { rating?: string; rationale?: string; note?: string };
  ratingExists: boolean;
  currentEvidence: number;
};

export type Guard = { name: string; failsWith: string; holds: (context: MoveContext) => boolean };

const has = (text: string | undefined): boolean => text !== undefined && text.trim().length > 0;

export const guards = {
  ratingGiven: { name: 'rating-required', failsWith: 'Propose a rating from the current scale (GET /api/v1/ratings).', holds: ({ input, ratingExists }) => has(input.rating) && ratingExists },
  rationaleGiven: { name: 'rationale-required', failsWith: 'Explain the proposed rating in a rationale.', holds: ({ input }) => has(input.rationale) },
  evidenceAttached: { name: 'evidence-required', failsWith: 'Attach at least one piece of evidence that is not retracted.', holds: ({ currentEvidence }) => currentEvidence > 0 },
  noteGiven: { name: 'note-required', failsWith: 'Say why, in a note.', holds: ({ input }) => has(input.note) },
  fourEyes: { name: 'four-eyes', failsWith: 'The editor who approves must not be the one who proposed the verdict.', holds: ({ actor, claim }) => actor.id !== claim.proposedBy },
  correctionNoteOnRepublish: { name: 'correction-note-required', failsWith: 'This claim was published before: say what the correction changes, in a note.', holds: ({ claim, input }) => claim.firstPublishedAt === null || has(input.note) },
  neverPublished: { name: 'published-verdict-exists', failsWith: 'A published claim is corrected, not set aside as not checkable.', holds: ({ claim }) => claim.firstPublishedAt === null },
} satisfies Record<string, Guard>;

export type MoveName = 'take' | 'propose' | 'send_back' | 'approve' | 'open_correction' | 'set_aside' | 'reopen';

export type Move = {
  name: MoveName;
  from: ClaimStatus;
  to: ClaimStatus;
  roles: Role[];
  guards: Guard[];
  /** Fields of the request body this move uses; others are refused. */
  accepts: Array<'rating' | 'rationale' | 'note'>;
};

const checkers: Role[] = ['checker', 'editor'];
const editors: Role[] = ['editor'];

/**
 * The verdict workflow: every allowed move, who may make it and what must hold. A move that is not
 * here does not exist (409); a role not listed may not make it (403); a failed guard is a 422.
 */
export const moves: Move[] = [
  { name: 'take', from: 'unverified', to: 'in_progress', roles: checkers, guards: [], accepts: ['note'] },
  {
    name: 'propose', from: 'in_progress', to: 'in_review', roles: checkers,
    guards: [guards.ratingGiven, guards.rationaleGiven, guards.evidenceAttached], accepts: ['rating', 'rationale', 'note'],
  },
  { name: 'send_back', from: 'in_review', to: 'in_progress', roles: editors, guards: [guards.noteGiven], accepts: ['note'] },
  {
    name: 'approve', from: 'in_review', to: 'published', roles: editors,
    guards: [guards.fourEyes, guards.correctionNoteOnRepublish], accepts: ['note'],
  },
  { name: 'open_correction', from: 'published', to: 'in_progress', roles: checkers, guards: [guards.noteGiven], accepts: ['note'] },
  { name: 'set_aside', from: 'unverified', to: 'not_checkable', roles: checkers, guards: [guards.noteGiven], accepts: ['note'] },
  {
    name: 'set_aside', from: 'in_progress', to: 'not_checkable', roles: checkers,
    guards: [guards.neverPublished, guards.noteGiven], accepts: ['note'],
  },
  { name: 'reopen', from: 'not_checkable', to: 'unverified', roles: checkers, guards: [guards.noteGiven], accepts: ['note'] },
];

export const findMove = (from: ClaimStatus, to: ClaimStatus): Move | undefined =>
  moves.find((move) => move.from === from && move.to === to);

export const movesFrom = (from: ClaimStatus): ClaimStatus[] => moves.filter((move) => move.from === from).map((move) => move.to);

export const failedGuard = (move: Move, context: MoveContext): Guard | undefined =>
  move.guards.find((guard) => !guard.holds(context));
