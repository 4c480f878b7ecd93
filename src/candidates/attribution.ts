import type { SourceKind } from '../claims/source-kind';
import type { CueList, PhraseSet } from './cue-lists';
import type { Reason } from './reasons';
import { inQuote, type TextUnit } from './text-units';

/** A name as the text gives it; start/end are UTF-16 indexes into the body until presented. */
export type Mention = { name: string; start: number; end: number };

/**
 * How the claimant was found: the speaker of a quotation, the subject of a reporting verb, the name
 * after "according to", the origin of a source chain, the person a pronoun or "the minister" points
 * back to, or carried over: the speaker of the sentence before it in the same paragraph, or of the
 * sentence that announced a quotation ("In a statement, she said:").
 */
export const claimantBases = ['direct-speech', 'reported-speech', 'according-to', 'source', 'pronoun', 'carried'] as const;
export type ClaimantBasis = (typeof claimantBases)[number];
export type Claimant = Mention & { basis: ClaimantBasis };
export type SourceHop = Mention & { kind: SourceKind };
export type Attribution = { claimant: Claimant | null; sources: SourceHop[]; reasons: Reason[] };

/** What the units before this one said: who spoke last, and who spoke in this paragraph. */
export type Context = { lastSpeaker: Claimant | null; paragraph: Attribution | null };

const maxNameWords = 10;
const maxNameLength = 200;
/** "the federal energy minister" points back; "the minister defended the latest statistics" is a clause, not a name. */
const maxAnaphorWords = 4;
const punctuation = /[,.;:!?()[\]"“”„«»]|\s[-–—]+\s/u;
const capitalised = /^[\p{Lu}\p{Lt}]/u;
const kindOrder: SourceKind[] = ['anonymous_sources', 'wire_agency', 'news_outlet', 'official', 'government', 'document'];

export function attribute(body: string, unit: TextUnit, cues: CueList, context: Context): Attribution {
  const reader = new UnitReader(body, unit, cues);
  const hops = reader.sourceChain();
  const reasons: Reason[] = hops.map((hop) => ({ cue: 'source' as const, start: hop.start, end: hop.end }));
  const spoken = reader.speaker();
  let claimant: Claimant | null = null;
  if (spoken) {
    reasons.push({ cue: 'speaker', start: spoken.mention.start, end: spoken.mention.end });
    claimant = spoken.anaphor ? (context.lastSpeaker ? { ...context.lastSpeaker, basis: 'pronoun' } : null) : { ...spoken.mention, basis: spoken.basis };
  }
  const chain = hops.slice().reverse(); // read nearest-first ("via X, citing Y"): the origin is the last named
  if (claimant && !sameName(claimant, chain[0])) chain.unshift({ ...claimant, kind: reader.kindOf(claimant.name, 'person') });
  if (!claimant && chain[0]) claimant = { ...chain[0], basis: 'source' };
  if (!claimant && context.paragraph?.claimant) {
    return { claimant: { ...context.paragraph.claimant, basis: 'carried' }, sources: context.paragraph.sources, reasons };
  }
  if (!claimant && context.lastSpeaker && opensWithIntroducedQuote(body, unit)) {
    return { claimant: { ...context.lastSpeaker, basis: 'carried' }, sources: [{ ...context.lastSpeaker, kind: reader.kindOf(context.lastSpeaker.name, 'person') }], reasons };
  }
  return { claimant, sources: chain, reasons };
}

/** A quotation that the text before it announces ("…, he said:" / "kata dia,"). */
const opensWithIntroducedQuote = (body: string, unit: TextUnit): boolean =>
  unit.quotes[0]?.start === unit.start && /[:,]\s*$/u.test(body.slice(Math.max(0, unit.start - 20), unit.start));

const sameName = (a: Mention, b: Mention | undefined): boolean => b !== undefined && a.name.toLowerCase() === b.name.toLowerCase();

class UnitReader {
  private readonly lower: string[];

  constructor(
    private readonly body: string,
    private readonly unit: TextUnit,
    private readonly cues: CueList,
  ) {
    this.lower = unit.words.map((word) => word.lower);
  }

  /** The speaker of the unit, from its first reporting verb or "according to" outside quotations. */
  speaker(): { mention: Mention; basis: ClaimantBasis; anaphor: boolean } | undefined {
    const verb = this.firstOutsideQuotes(this.cues.attributionVerbs);
    if (verb) {
      if (this.cues.pronounVerbs.matchAt(this.lower, verb.at) > 0) {
        const pronoun = this.mention(verb.at, verb.at + 1);
        if (pronoun) return { mention: pronoun, basis: 'direct-speech', anaphor: true };
      }
      const found = this.speakerOfVerb(verb.at, verb.length);
      if (found) return { ...found, anaphor: this.isAnaphor(found.mention) };
    }
    const pronounAccording = this.firstOutsideQuotes(this.cues.pronounAccordingTo);
    const pronounMention = pronounAccording && this.mention(pronounAccording.at, pronounAccording.at + pronounAccording.length);
    if (pronounMention) return { mention: pronounMention, basis: 'according-to', anaphor: true };
    const according = this.firstOutsideQuotes(this.cues.accordingTo);
    const named = according && this.nameAfter(according.at + according.length);
    if (named) return { mention: named, basis: 'according-to', anaphor: this.isAnaphor(named) };
    return undefined;
  }

  private speakerOfVerb(at: number, length: number): { mention: Mention; basis: ClaimantBasis } | undefined {
    const verbStart = this.unit.words[at]!.start;
    const closedQuote = this.unit.quotes.filter((quote) => quote.end <= verbStart).at(-1);
    const wordsBetween = closedQuote ? this.unit.words.filter((word) => word.start >= closedQuote.end && word.end <= verbStart).length : Infinity;
    if (closedQuote && wordsBetween <= 4) {
      // "…," kata X / "…," X said / "…," said X
      const before = wordsBetween > 0 ? this.trimmedName(at - wordsBetween, at) : undefined;
      const mention = before ?? this.nameAfter(at + length);
      return mention && { mention, basis: 'direct-speech' };
    }
    const mention = this.nameBefore(at) ?? this.nameAfter(at + length);
    return mention && { mention, basis: 'reported-speech' };
  }

  /** Hops named after reporting phrases ("mengutip X", "as reported by X, citing Y"), in reading order. */
  sourceChain(): SourceHop[] {
    const hops: SourceHop[] = [];
    for (let at = 0; at < this.lower.length; at++) {
      const length = this.cues.reportingPhrases.matchAt(this.lower, at);
      if (length === 0 || this.quoted(at)) continue;
      let next = at + length;
      for (;;) {
        const name = this.nameAfter(next);
        if (!name || !this.looksLikeSource(name)) break;
        if (!hops.some((hop) => sameName(hop, name))) hops.push({ ...name, kind: this.kindOf(name.name, 'news_outlet') });
        next = this.wordIndexAfter(name.end);
        const link = Math.max(this.cues.chainLinks.matchAt(this.lower, next), this.cues.reportingPhrases.matchAt(this.lower, next));
        if (link === 0) break;
        next += link;
      }
      at = Math.max(at, next - 1);
    }
    return hops;
  }

  kindOf(name: string, fallback: SourceKind): SourceKind {
    const words = name.toLowerCase().split(/[\s-]+/u);
    for (const kind of kindOrder) {
      const set = this.cues.sourceKinds.find(([listed]) => listed === kind)?.[1];
      if (set && words.some((_, at) => set.matchAt(words, at) > 0)) return kind;
    }
    return fallback;
  }

  private looksLikeSource(name: Mention): boolean {
    return name.name.split(/\s+/u).some((word) => capitalised.test(word)) || this.kindOf(name.name, 'other') === 'anonymous_sources';
  }

  /** "he", "dia", "the minister", "pria itu": a mention that points back to the last speaker. */
  private isAnaphor(mention: Mention): boolean {
    const words = mention.name.toLowerCase().split(/\s+/u);
    const original = mention.name.split(/\s+/u);
    if (words.length > maxAnaphorWords) return false;
    if (words.every((_, at) => this.cues.pronouns.matchAt(words, at) > 0)) return true;
    const demonstrative = this.cues.demonstratives.matchAt(words, 0) > 0 || this.cues.demonstratives.matchAt(words, words.length - 1) > 0;
    const person = words.some((_, at) => this.cues.personNouns.matchAt(words, at) > 0);
    const properName = original.slice(1).some((word) => capitalised.test(word));
    return demonstrative && person && !properName;
  }

  /** The subject before a reporting verb, back to the previous comma, dash or quotation. */
  private nameBefore(verbAt: number): Mention | undefined {
    let from = verbAt;
    while (from > 0 && verbAt - from < maxNameWords + 2) {
      const gap = this.body.slice(this.unit.words[from - 1]!.end, this.unit.words[from]!.start);
      if (punctuation.test(gap.replace(/[()]/gu, ' ')) || this.quoted(from - 1)) break;
      from--;
    }
    if (from === verbAt || (from > 0 && verbAt - from >= maxNameWords + 2)) return undefined;
    let to = verbAt;
    for (let at = from + 1; at < to; at++) if (this.stopsAt(at)) to = at;
    while (to > from && this.cues.auxiliaries.matchAt(this.lower, to - 1) > 0) to--;
    while (from < to - 1 && this.strippable(from)) from++;
    return to > from && to - from <= maxNameWords ? this.mention(from, to) : undefined;
  }

  /** "Namun", "But": a capitalised connective before the subject, not a pronoun or "the". */
  private strippable(at: number): boolean {
    const { cues, lower } = this;
    return cues.notNames.has(this.unit.words[at]!.text) && cues.pronouns.matchAt(lower, at) === 0 && cues.demonstratives.matchAt(lower, at) === 0;
  }

  /** A name starting at word `from`, up to a stop word, a number, punctuation or a quotation. */
  private nameAfter(from: number): Mention | undefined {
    let to = from;
    while (to < this.unit.words.length && to - from < maxNameWords && !this.quoted(to)) {
      if (to > from) {
        const gap = this.body.slice(this.unit.words[to - 1]!.end, this.unit.words[to]!.start);
        if (punctuation.test(gap)) break;
      }
      if (this.stopsAt(to) || /^\d/.test(this.unit.words[to]!.text)) break;
      to++;
    }
    return to > from ? this.mention(from, to) : undefined;
  }

  private trimmedName(from: number, to: number): Mention | undefined {
    let end = to;
    for (let at = from; at < end; at++) if (this.stopsAt(at)) end = at;
    return end > from ? this.mention(from, end) : undefined;
  }

  private stopsAt(at: number): boolean {
    const { cues, lower } = this;
    return [cues.claimantStops, cues.chainLinks, cues.reportingPhrases, cues.attributionVerbs, cues.dateWords].some(
      (set: PhraseSet) => set.matchAt(lower, at) > 0,
    );
  }

  private firstOutsideQuotes(set: PhraseSet): { at: number; length: number } | undefined {
    for (let at = 0; at < this.lower.length; at++) {
      const length = set.matchAt(this.lower, at);
      const titleCase = at > 0 && capitalised.test(this.unit.words[at]!.text);
      if (length > 0 && !this.quoted(at) && !titleCase) return { at, length };
    }
    return undefined;
  }

  private wordIndexAfter(index: number): number {
    const at = this.unit.words.findIndex((word) => word.start >= index);
    return at === -1 ? this.unit.words.length : at;
  }

  private quoted(at: number): boolean {
    return inQuote(this.unit, this.unit.words[at]!.start);
  }

  /** Undefined past maxNameLength: a "name" that long is a run-on word, and a claimant holds 300 characters. */
  private mention(from: number, to: number): Mention | undefined {
    const start = this.unit.words[from]!.start;
    const end = this.unit.words[to - 1]!.end;
    return end - start <= maxNameLength ? { name: this.body.slice(start, end), start, end } : undefined;
  }
}
