import type { ClaimStatus } from '../claims/claim-status';
import type { Role } from '../users/role';

/**
 * Statuses in which a claim's text, source chain and evidence may change. In review they are frozen,
 * so that what an editor approves is what was proposed; to change them, send the proposal back.
 */
export const editableStatuses: readonly ClaimStatus[] = ['unverified', 'in_progress', 'published', 'not_checkable'];

export const isEditable = (status: ClaimStatus): boolean => editableStatuses.includes(status);

/** What a move needs to be checked against; gathered by the workflow service before deciding. */
export type MoveContext = {
  actor: { id: string; role: Role };
  claim: { id: string; proposedBy: string | null; firstPublishedAt: Date | null; assigneeId: string | null };
  input: { note?: string };
  /** A match move: the fact-check named (proposing: matchOf; approving: as proposed), and what matters of it. */
  match?: { published: boolean; isMatch: boolean; self: boolean; hasMatches: boolean };
  /** The verdict the move proposes (propose: from the request) or publishes (approve: as proposed). */
  verdict: { rating?: string; rationale?: string };
  /** The verdict's rating is on the current scale (and, when approving, was proposed on it). */
  ratingInScale: boolean;
  currentEvidence: number;
  /** Approving: the claim is as the proposal pinned it. */
  proposalIntact: boolean;
};

export type Guard = { name: string; failsWith: string; holds: (context: MoveContext) => boolean };

const has = (text: string | undefined): boolean => text !== undefined && text.trim().length > 0;

export const guards = {
  ratingGiven: { name: 'rating-required', failsWith: 'The verdict needs a rating from the current scale (GET /api/v1/ratings).', holds: ({ verdict, ratingInScale }) => has(verdict.rating) && ratingInScale },
  rationaleGiven: { name: 'rationale-required', failsWith: 'The verdict needs a rationale that explains its rating.', holds: ({ verdict }) => has(verdict.rationale) },
  evidenceAttached: { name: 'evidence-required', failsWith: 'Attach at least one piece of evidence that is not retracted.', holds: ({ currentEvidence }) => currentEvidence > 0 },
  noteGiven: { name: 'note-required', failsWith: 'Say why, in a note.', holds: ({ input }) => has(input.note) },
  fourEyes: { name: 'four-eyes', failsWith: 'The editor who approves must not be the one who proposed the verdict.', holds: ({ actor, claim }) => actor.id !== claim.proposedBy },
  proposalIntact: { name: 'proposal-changed', failsWith: 'The claim, its sources or its evidence changed since the proposal was made: send it back and propose again.', holds: ({ proposalIntact }) => proposalIntact },
  correctionNoteOnRepublish: { name: 'correction-note-required', failsWith: 'This claim was published before: say what the correction changes, in a note.', holds: ({ claim, input }) => claim.firstPublishedAt === null || has(input.note) },
  neverPublished: { name: 'published-verdict-exists', failsWith: 'A published claim is corrected, not set aside as not checkable.', holds: ({ claim }) => claim.firstPublishedAt === null },
  assigneeOnly: {
    name: 'assignee-only',
    failsWith: 'Someone else holds this claim: only they or an editor may do this. Take it over first, with a note.',
    holds: ({ actor, claim }) => claim.assigneeId === null || claim.assigneeId === actor.id || actor.role === 'editor',
  },
  heldBySomeoneElse: { name: 'already-assignee', failsWith: 'You already hold this claim.', holds: ({ actor, claim }) => claim.assigneeId !== actor.id },
  matchPublished: {
    name: 'match-not-published',
    failsWith: 'matchOf must name another claim that is published (GET /fact-checks/{id} shows it).',
    holds: ({ match }) => match !== undefined && match.published && !match.self,
  },
  matchIsOriginal: {
    name: 'match-of-a-match',
    failsWith: 'That fact-check is itself a match of an earlier one: name the earlier one (its matchOf).',
    holds: ({ match }) => match !== undefined && !match.isMatch,
  },
  noMatchesOfItsOwn: {
    name: 'claim-has-matches',
    failsWith: 'Other claims are published as matches of this one: it keeps a verdict of its own (propose a rating and rationale).',
    holds: ({ match }) => match !== undefined && !match.hasMatches,
  },
} satisfies Record<string, Guard>;

export type MoveName =
  | 'take'
  | 'take_over'
  | 'propose'
  | 'propose_match'
  | 'send_back'
  | 'approve'
  | 'approve_match'
  | 'open_correction'
  | 'set_aside'
  | 'reopen';

/** Fields of a transition's body besides `to`. */
export type MoveField = 'rating' | 'rationale' | 'note' | 'matchOf';

export type Move = {
  name: MoveName;
  from: ClaimStatus;
  to: ClaimStatus;
  roles: Role[];
  guards: Guard[];
  /** Fields of the request body this move uses; others are refused. */
  accepts: MoveField[];
  /**
   * Answers the claim with an earlier fact-check: chosen over the plain move between the same statuses
   * when the request names `matchOf` (propose) or the proposal did (approve).
   */
  match?: true;
};

const checkers: Role[] = ['checker', 'editor'];
const editors: Role[] = ['editor'];

/**
 * The verdict workflow: every allowed move, who may make it and what must hold. A move that is not
 * here does not exist (409); a role not listed may not make it (403); a failed guard is a 422.
 * Who holds a claim: take, take_over and open_correction make the mover the assignee; propose and
 * send_back leave it with the one who worked on it; reopen frees it.
 */
export const moves: Move[] = [
  { name: 'take', from: 'unverified', to: 'in_progress', roles: checkers, guards: [], accepts: ['note'] },
  { name: 'take_over', from: 'in_progress', to: 'in_progress', roles: checkers, guards: [guards.heldBySomeoneElse, guards.noteGiven], accepts: ['note'] },
  {
    name: 'propose', from: 'in_progress', to: 'in_review', roles: checkers,
    guards: [guards.assigneeOnly, guards.ratingGiven, guards.rationaleGiven, guards.evidenceAttached], accepts: ['rating', 'rationale', 'note'],
  },
  {
    // Rating and rationale are the matched fact-check's current verdict; its evidence stands for this claim's.
    name: 'propose_match', from: 'in_progress', to: 'in_review', roles: checkers, match: true,
    guards: [guards.assigneeOnly, guards.matchPublished, guards.matchIsOriginal, guards.noMatchesOfItsOwn], accepts: ['matchOf', 'note'],
  },
  { name: 'send_back', from: 'in_review', to: 'in_progress', roles: editors, guards: [guards.noteGiven], accepts: ['note'] },
  {
    // The propose guards again: the scale, the evidence or the claim may have changed since.
    name: 'approve', from: 'in_review', to: 'published', roles: editors,
    guards: [guards.fourEyes, guards.ratingGiven, guards.rationaleGiven, guards.evidenceAttached, guards.proposalIntact, guards.correctionNoteOnRepublish],
    accepts: ['note'],
  },
  {
    // The digest pins the matched verdict too: a correction of the original since the proposal is proposal-changed.
    name: 'approve_match', from: 'in_review', to: 'published', roles: editors, match: true,
    guards: [guards.fourEyes, guards.matchPublished, guards.matchIsOriginal, guards.noMatchesOfItsOwn, guards.proposalIntact, guards.correctionNoteOnRepublish],
    accepts: ['note'],
  },
  { name: 'open_correction', from: 'published', to: 'in_progress', roles: checkers, guards: [guards.noteGiven], accepts: ['note'] },
  { name: 'set_aside', from: 'unverified', to: 'not_checkable', roles: checkers, guards: [guards.noteGiven], accepts: ['note'] },
  {
    name: 'set_aside', from: 'in_progress', to: 'not_checkable', roles: checkers,
    guards: [guards.assigneeOnly, guards.neverPublished, guards.noteGiven], accepts: ['note'],
  },
  { name: 'reopen', from: 'not_checkable', to: 'unverified', roles: checkers, guards: [guards.noteGiven], accepts: ['note'] },
];

/** The move between these statuses: its match variant when `matching` and there is one, else the plain one. */
export const findMove = (from: ClaimStatus, to: ClaimStatus, matching = false): Move | undefined =>
  (matching ? moves.find((move) => move.from === from && move.to === to && move.match) : undefined) ??
  moves.find((move) => move.from === from && move.to === to && !move.match);

export const movesFrom = (from: ClaimStatus): ClaimStatus[] => [...new Set(moves.filter((move) => move.from === from).map((move) => move.to))];

export const failedGuard = (move: Move, context: MoveContext): Guard | undefined =>
  move.guards.find((guard) => !guard.holds(context));

/** The moves a person with this role may make from this status: what a page offers, straight from the table. */
export const movesFor = (from: ClaimStatus, role: Role, claim: { proposedMatchOfId: string | null }): Move[] =>
  moves.filter(
    (move) =>
      move.from === from &&
      move.roles.includes(role) &&
      // In review, the proposal decides which approval applies (as findMove does); elsewhere both kinds are offered.
      (from !== 'in_review' || move.to !== 'published' || Boolean(move.match) === (claim.proposedMatchOfId !== null)),
  );
