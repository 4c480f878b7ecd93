import { LRUCache } from 'lru-cache';
import type { SourceKind } from '../claims/source-kind';
import { sha256 } from '../text/sha256';
import { attribute, type Attribution, type ClaimantBasis, type Context } from './attribution';
import { cueListFor, emptyCueList } from './cue-lists';
import { findReasons, score, type CueName } from './reasons';
import { textUnits } from './text-units';

/** Below this score a sentence is not offered unless the client asks for a lower `minScore`. */
export const defaultMinScore = 0.35;

type Span = { start: number; end: number };
export type Candidate = Span & {
  quote: string;
  score: number;
  reasons: Array<Span & { cue: CueName; text: string }>;
  claimant: (Span & { name: string; basis: ClaimantBasis }) | null;
  sources: Array<Span & { name: string; kind: SourceKind }>;
};

/**
 * Every sentence of the body with its cues, score, claimant and source chain, in text
 * order; offsets in code points like claims. Deterministic: the same body and language give the
 * same answer, from the cue lists alone.
 */
export function findCandidates(body: string, language: string): Candidate[] {
  const key = candidatesKey(body, language);
  let found = recent.get(key);
  if (!found) recent.set(key, (found = readCandidates(body, language)));
  return found;
}

/** What the answers are kept under: the language and the body's hash. */
export const candidatesKey = (body: string, language: string): string => `${language}\u0000${sha256(body)}`;
export const keptCandidates = (key: string): Candidate[] | undefined => recent.get(key);
export const keepCandidates = (key: string, candidates: Candidate[]): void => void recent.set(key, candidates);

/**
 * A long article costs up to a second of CPU to read; its body no longer changes once claims are anchored,
 * so the last few answers are kept (by body hash), bounded by the size of the bodies they came from.
 */
const recent = new LRUCache<string, Candidate[]>({ max: 64, maxSize: 40_000_000, sizeCalculation: (items) => 1 + items.reduce((size, item) => size + 4 * item.quote.length + 200 * item.reasons.length, 0) });

/** The candidates of a body, read afresh (no cache): the work the worker thread does. */
export function readCandidates(body: string, language: string): Candidate[] {
  const cues = cueListFor(language) ?? emptyCueList(language);
  const points = codePointIndex(body);
  const span = ({ start, end }: Span): Span => ({ start: points(start), end: points(end) });
  const candidates: Candidate[] = [];
  const context: Context = { lastSpeaker: null, paragraph: null };
  let paragraph = -1;
  for (const unit of textUnits(body, language)) {
    if (unit.paragraph !== paragraph) [paragraph, context.paragraph] = [unit.paragraph, null];
    const attribution: Attribution = attribute(body, unit, cues, context);
    if (attribution.claimant && attribution.claimant.basis !== 'carried') {
      if (isNamed(attribution.claimant.name)) context.lastSpeaker = attribution.claimant;
      context.paragraph = attribution;
    }
    if (unit.introducesNext) continue; // "In a statement, she said:" is the quotation's, not a claim of its own
    const reasons = [...findReasons(body, unit, cues), ...attribution.reasons].sort((a, b) => a.start - b.start || a.end - b.end);
    const { claimant, sources } = attribution;
    candidates.push({
      quote: body.slice(unit.start, unit.end),
      ...span(unit),
      score: score(reasons),
      reasons: reasons.map((reason) => ({ cue: reason.cue, text: body.slice(reason.start, reason.end), ...span(reason) })),
      claimant: claimant && { name: claimant.name, ...span(claimant), basis: claimant.basis },
      sources: sources.map((hop) => ({ name: hop.name, kind: hop.kind, ...span(hop) })),
    });
  }
  return candidates;
}

/** Only a named speaker is one that a later "he" or "the minister" can point back to. */
const isNamed = (name: string): boolean => /[\p{Lu}\p{Lt}]/u.test(name);

/** UTF-16 index → code point offset, for a body read once (the API counts code points). */
function codePointIndex(text: string): (index: number) => number {
  const offsets = new Uint32Array(text.length + 1);
  let points = 0;
  for (let index = 0; index < text.length; index++) {
    offsets[index] = points;
    const code = text.charCodeAt(index);
    if (!(code >= 0xdc00 && code <= 0xdfff && index > 0 && isHighSurrogate(text.charCodeAt(index - 1)))) points++;
    else offsets[index] = points - 1;
  }
  offsets[text.length] = points;
  return (index) => offsets[index]!;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
