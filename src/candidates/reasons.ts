import type { CueList, PhraseSet } from './cue-lists';
import { inQuote, type TextUnit } from './text-units';

/** The named cues a candidate can show; docs/candidates.md describes each. */
export const cueNames = [
  'attribution',
  'according-to',
  'direct-speech',
  'speaker',
  'source',
  'hedge',
  'quantity',
  'date',
  'named-entity',
  'comparison',
] as const;
export type CueName = (typeof cueNames)[number];

/** A cue found in the text; start/end are UTF-16 indexes into the body until presented. */
export type Reason = { cue: CueName; start: number; end: number };

/** How much each cue says that a sentence is worth checking; a sentence's score combines them (see score). */
const weights: Record<CueName, number> = {
  attribution: 0.3,
  'according-to': 0.3,
  'direct-speech': 0.15,
  speaker: 0,
  source: 0.3,
  hedge: 0.3,
  quantity: 0.35,
  date: 0.15,
  'named-entity': 0.15,
  comparison: 0.2,
};

/** Three or more names: a sentence about who did what to whom, where. */
const manyNamesBonus = 0.25;

/** Shortest quotation taken as direct speech rather than a quoted term ("scare quotes"). */
const minSpeechWords = 4;

// 5, 3.94, 0,17, 693.289, 1,2 juta, $3.2, 4%, 2021-22, COVID-19's 19 is part of a name (preceded by a hyphen).
const number = /(?<![\p{L}\p{N}-])[$€£¥]?\d+(?:[.,]\d+)*(?:\s?%)?(?![\p{L}\p{N}])/gu;
const calendarYear = /^(?:1[89]|20)\d\d$/;
const dayMonth = /\(?\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b\)?/gu;

/** Every cue of a unit except the speaker and sources, which attribution.ts finds. */
export function findReasons(body: string, unit: TextUnit, cues: CueList): Reason[] {
  const lower = unit.words.map((word) => word.lower);
  const reasons: Reason[] = [];
  const outsideQuotes = (at: number) => !inQuote(unit, unit.words[at]!.start);
  const phrase = (cue: CueName, set: PhraseSet, where: (at: number) => boolean = () => true) => {
    for (let at = 0; at < lower.length; at++) {
      const length = set.matchAt(lower, at);
      if (length === 0 || !where(at)) continue;
      reasons.push({ cue, start: unit.words[at]!.start, end: unit.words[at + length - 1]!.end });
      at += length - 1;
    }
  };
  phrase('attribution', cues.attributionVerbs, outsideQuotes);
  phrase('according-to', cues.accordingTo, outsideQuotes);
  phrase('according-to', cues.pronounAccordingTo, outsideQuotes);
  phrase('hedge', cues.hedges);
  phrase('comparison', cues.comparisons);
  phrase('date', cues.dateWords);
  for (const quote of unit.quotes) {
    if (unit.words.filter((word) => word.start >= quote.start && word.end <= quote.end).length >= minSpeechWords) {
      reasons.push({ cue: 'direct-speech', start: quote.start, end: quote.end });
    }
  }
  const dated = dates(body, unit);
  const counted = quantities(body, unit, cues).filter((quantity) => !dated.some((date) => date.start < quantity.end && quantity.start < date.end));
  reasons.push(...counted, ...dated, ...namedEntities(body, unit, cues));
  return dropNested(reasons).sort((a, b) => a.start - b.start || a.end - b.end);
}

function quantities(body: string, unit: TextUnit, cues: CueList): Reason[] {
  const text = body.slice(unit.start, unit.end);
  const lower = unit.words.map((word) => word.lower);
  const found: Reason[] = [];
  for (const match of text.matchAll(number)) {
    const start = unit.start + match.index;
    let end = start + match[0].length;
    const next = unit.words.findIndex((word) => word.start >= end);
    const unitLength = next === -1 ? 0 : cues.quantityUnits.matchAt(lower, next);
    if (unitLength > 0) end = unit.words[next + unitLength - 1]!.end;
    else if (calendarYear.test(match[0])) continue; // a year alone is a date
    found.push({ cue: 'quantity', start, end });
  }
  for (let at = 0; at < lower.length; at++) {
    const length = cues.numberWords.matchAt(lower, at);
    if (length === 0) continue;
    const unitLength = cues.quantityUnits.matchAt(lower, at + length);
    if (unitLength === 0) continue;
    found.push({ cue: 'quantity', start: unit.words[at]!.start, end: unit.words[at + length + unitLength - 1]!.end });
  }
  return found;
}

function dates(body: string, unit: TextUnit): Reason[] {
  const text = body.slice(unit.start, unit.end);
  const found: Reason[] = [...text.matchAll(dayMonth)].map((match) => ({
    cue: 'date' as const,
    start: unit.start + match.index,
    end: unit.start + match.index + match[0].length,
  }));
  for (const word of unit.words) {
    if (calendarYear.test(word.text)) found.push({ cue: 'date', start: word.start, end: word.end });
  }
  return found;
}

const capitalised = /^[\p{Lu}\p{Lt}]/u;

/**
 * Runs of capitalised words (and acronyms) that are not a sentence's ordinary first word, a pronoun
 * or a month: people, places, organisations. Inside quotes too: what a speaker names is checkable.
 */
function namedEntities(body: string, unit: TextUnit, cues: CueList): Reason[] {
  const found: Reason[] = [];
  const lower = unit.words.map((word) => word.lower);
  let run: { start: number; end: number; words: number } | undefined;
  const close = () => {
    if (run) found.push({ cue: 'named-entity', start: run.start, end: run.end });
    run = undefined;
  };
  unit.words.forEach((word, at) => {
    const isName =
      capitalised.test(word.text) && word.text.length > 1 && !cues.notNames.has(word.text) && cues.dateWords.matchAt(lower, at) === 0;
    const joined = run && /^[\s-]*$/.test(body.slice(run.end, word.start));
    if (run && body.slice(run.end, word.start) === '-') {
      run.end = word.end; // Jong-un, Al-Khalifa
      return;
    }
    if (!isName) return close();
    if (run && joined) {
      run.end = word.end;
      run.words++;
      return;
    }
    close();
    // The first word of a sentence (or of a quotation) is capitalised anyway: a name only when another capitalised word follows.
    const next = unit.words[at + 1];
    const opensSentence = at === 0 || /[.!?:"“„«]/u.test(body.slice(unit.words[at - 1]!.end, word.start));
    if (opensSentence && !(next && capitalised.test(next.text) && /^[\s-]*$/.test(body.slice(word.end, next.start)))) return;
    run = { start: word.start, end: word.end, words: 1 };
  });
  close();
  return found;
}

/** A cue inside another of the same kind is one cue ("1,2 juta" is not also "1,2"). */
function dropNested(reasons: Reason[]): Reason[] {
  return reasons.filter(
    (reason, index) =>
      !reasons.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          other.cue === reason.cue &&
          other.start <= reason.start &&
          other.end >= reason.end &&
          (other.end - other.start > reason.end - reason.start || otherIndex < index),
      ),
  );
}

/**
 * Check-worthiness in 0–1: each kind of cue counts once, and they combine like independent chances
 * (1 − Π(1 − weight)), so no single cue reaches 1 and each further kind adds less. Several distinct
 * names count a little more than one (a sentence about who did what to whom).
 */
export function score(reasons: readonly Reason[]): number {
  const kinds = new Set(reasons.map((reason) => reason.cue));
  let miss = 1;
  for (const kind of kinds) miss *= 1 - weights[kind];
  const names = reasons.filter((reason) => reason.cue === 'named-entity').length;
  if (names >= 3) miss *= 1 - manyNamesBonus;
  return Math.round((1 - miss) * 1000) / 1000;
}
