import { diffArrays } from 'diff';
import { codePointLength } from '../text/code-points';

/** A span of a body in code points; end is exclusive. */
export type Span = { start: number; end: number };

/** A stretch of the old body that the new body keeps word for word: where it starts in each, and its length. */
type KeptRun = { oldStart: number; newStart: number; length: number };

/**
 * Words (letters, marks, digits), runs of whitespace, and every other code point alone (punctuation,
 * an emoji): the units the diff keeps or drops. With the `u` flag `[^]` is one whole code point.
 */
const tokenPattern = /[\p{L}\p{M}\p{N}_]+|\s+|[^]/gu;

const tokensOf = (text: string): string[] => text.match(tokenPattern) ?? [];

/**
 * Past this many tokens inserted plus removed, the diff of the edited stretch gives up (its cost
 * grows with the square of the edit) and that whole stretch counts as replaced: claims in it are
 * lost rather than matched by a guess. See docs/article-revisions.md for the measured cost.
 */
export const maxEditTokens = 2_000;

/**
 * How the new body keeps the old one: a word diff (jsdiff's Myers diff over the tokens above) of the
 * stretch between the longest common beginning and end, as runs of kept text in code points.
 */
export function keptRuns(oldBody: string, newBody: string): KeptRun[] {
  const before = tokensOf(oldBody);
  const after = tokensOf(newBody);
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix && suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) suffix++;

  const runs: KeptRun[] = [];
  let oldAt = 0;
  let newAt = 0;
  const keep = (tokens: string[]) => {
    const length = tokens.reduce((sum, token) => sum + codePointLength(token), 0);
    if (length > 0) runs.push({ oldStart: oldAt, newStart: newAt, length });
    oldAt += length;
    newAt += length;
  };
  keep(before.slice(0, prefix));
  const oldMiddle = before.slice(prefix, before.length - suffix);
  const newMiddle = after.slice(prefix, after.length - suffix);
  const changes = oldMiddle.length > 0 && newMiddle.length > 0 ? diffArrays(oldMiddle, newMiddle, { maxEditLength: maxEditTokens }) : undefined;
  if (changes) {
    for (const change of changes) {
      const length = change.value.reduce((sum, token) => sum + codePointLength(token), 0);
      if (change.added) newAt += length;
      else if (change.removed) oldAt += length;
      else keep(change.value);
    }
  } else {
    oldAt += oldMiddle.reduce((sum, token) => sum + codePointLength(token), 0);
    newAt += newMiddle.reduce((sum, token) => sum + codePointLength(token), 0);
  }
  keep(before.slice(before.length - suffix));
  return runs;
}

/**
 * Where a span of the old body is in the new one: the same words at their new offsets when one kept
 * run holds the whole span, else null (a word of it changed or went, or text was inserted inside it).
 * A quote that now occurs twice is followed to the copy the diff kept, never to the first one found.
 */
export function mapSpan(runs: KeptRun[], { start, end }: Span): Span | null {
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const run = runs[middle]!;
    if (start < run.oldStart) high = middle - 1;
    else if (start >= run.oldStart + run.length) low = middle + 1;
    else {
      if (end > run.oldStart + run.length) return null;
      const shift = run.newStart - run.oldStart;
      return { start: start + shift, end: end + shift };
    }
  }
  return null;
}
