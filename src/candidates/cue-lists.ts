import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { sourceKinds, type SourceKind } from '../claims/source-kind';

/**
 * The words each language's cues are made of, one JSON file per language in ./cues (docs/candidates.md
 * says what each list means). To add a language, add `cues/<primary language subtag>.json`: it is
 * picked up at start-up and validated here, so a broken file stops the start, not a request.
 */
const phrases = z.array(z.string().trim().min(1)).max(2000);
const cueFileShape = z.strictObject({
  language: z.string().regex(/^[a-z]{2,3}$/),
  attributionVerbs: phrases,
  pronounVerbs: phrases,
  accordingTo: phrases,
  pronounAccordingTo: phrases,
  reportingPhrases: phrases,
  chainLinks: phrases,
  hedges: phrases,
  quantityUnits: phrases,
  numberWords: phrases,
  dateWords: phrases,
  comparisons: phrases,
  claimantStops: phrases,
  pronouns: phrases,
  demonstratives: phrases,
  notNames: phrases,
  sourceKinds: z.partialRecord(z.enum(sourceKinds), phrases),
  auxiliaries: phrases,
  personNouns: phrases,
});
export type CueFile = z.infer<typeof cueFileShape>;

/** Phrases as lower-case word sequences, indexed by their first word (longest first). */
export class PhraseSet {
  private readonly byFirstWord = new Map<string, string[][]>();

  constructor(entries: readonly string[], tokenize: (text: string) => string[]) {
    for (const entry of entries) {
      const words = tokenize(entry.toLowerCase());
      if (words.length === 0) continue;
      const list = this.byFirstWord.get(words[0]!) ?? [];
      list.push(words);
      list.sort((a, b) => b.length - a.length);
      this.byFirstWord.set(words[0]!, list);
    }
  }

  /** The number of words of the longest phrase starting at `at`, or 0. */
  matchAt(words: readonly string[], at: number): number {
    for (const phrase of this.byFirstWord.get(words[at] ?? '') ?? []) {
      if (phrase.every((word, offset) => words[at + offset] === word)) return phrase.length;
    }
    return 0;
  }
}

export type CueList = {
  language: string;
  attributionVerbs: PhraseSet;
  pronounVerbs: PhraseSet;
  accordingTo: PhraseSet;
  pronounAccordingTo: PhraseSet;
  reportingPhrases: PhraseSet;
  chainLinks: PhraseSet;
  hedges: PhraseSet;
  quantityUnits: PhraseSet;
  numberWords: PhraseSet;
  dateWords: PhraseSet;
  comparisons: PhraseSet;
  claimantStops: PhraseSet;
  pronouns: PhraseSet;
  demonstratives: PhraseSet;
  auxiliaries: PhraseSet;
  personNouns: PhraseSet;
  notNames: ReadonlySet<string>;
  sourceKinds: Array<[SourceKind, PhraseSet]>;
};

const cueDir = path.join(__dirname, 'cues');
let loaded: Map<string, CueList> | undefined;

/** Word tokens of a text as the language's word segmenter cuts them (words only, no punctuation). */
export function wordTokens(language: string, text: string): string[] {
  const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
  return [...segmenter.segment(text)].filter((part) => part.isWordLike).map((part) => part.segment);
}

function compile(file: CueFile): CueList {
  const tokenize = (text: string) => wordTokens(file.language, text).map((word) => word.toLowerCase());
  const set = (entries: readonly string[]) => new PhraseSet(entries, tokenize);
  const { language, notNames, sourceKinds: kinds, ...lists } = file;
  const compiled = Object.fromEntries(Object.entries(lists).map(([name, entries]) => [name, set(entries)]));
  return {
    ...(compiled as Omit<CueList, 'language' | 'notNames' | 'sourceKinds'>),
    language,
    notNames: new Set(notNames),
    sourceKinds: Object.entries(kinds).map(([kind, entries]) => [kind as SourceKind, set(entries ?? [])]),
  };
}

/** Reads and validates every cue file; throws naming the file that is wrong. */
export function loadCueLists(dir = cueDir): Map<string, CueList> {
  const lists = new Map<string, CueList>();
  for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort()) {
    const parsed = cueFileShape.safeParse(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`Cue list ${name} is not valid: ${z.prettifyError(parsed.error)}`);
    if (`${parsed.data.language}.json` !== name) throw new Error(`Cue list ${name} says it is for "${parsed.data.language}"`);
    lists.set(parsed.data.language, compile(parsed.data));
  }
  return lists;
}

/** The cue list for a BCP 47 tag's primary language, or undefined when there is none. */
export function cueListFor(language: string): CueList | undefined {
  loaded ??= loadCueLists();
  return loaded.get(language.split('-')[0]!.toLowerCase());
}

export const cueLanguages = (): string[] => [...(loaded ??= loadCueLists()).keys()];

/** For a language without a cue file: only the cues that need no words (numbers, quotations, names). */
export function emptyCueList(language: string): CueList {
  const lists = Object.fromEntries(Object.keys(cueFileShape.shape).map((name) => [name, []])) as unknown as CueFile;
  return compile({ ...lists, language: language.split('-')[0]!.toLowerCase(), sourceKinds: {} });
}
