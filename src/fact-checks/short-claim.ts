import { codePointLength } from '../text/code-points';

/** Google's fact-check markup asks for a short claimReviewed (it shows about this much). */
export const claimReviewedMaxCodePoints = 75;

const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ellipsis = '…';

/** The longest run of whole segments that fits in `budget` code points. */
function fitting(segments: Intl.Segments, budget: number): string {
  let kept = '';
  let length = 0;
  for (const { segment } of segments) {
    const size = codePointLength(segment);
    if (length + size > budget) break;
    kept += segment;
    length += size;
  }
  return kept;
}

/**
 * The text itself when it fits in `max` code points (whitespace runs folded to one space); else cut after the last
 * whole word that fits, trailing spaces and punctuation dropped, with an ellipsis. Segments are Unicode words and
 * grapheme clusters (Intl.Segmenter), so an emoji, a flag or an accented letter is never split; a single word
 * longer than the limit is cut between graphemes.
 */
export function shortClaim(text: string, max = claimReviewedMaxCodePoints): string {
  const folded = text.replace(/\s+/gu, ' ').trim();
  if (codePointLength(folded) <= max) return folded;
  const budget = max - codePointLength(ellipsis);
  const cut = fitting(words.segment(folded), budget).replace(/[\s\p{P}]+$/u, '') || fitting(graphemes.segment(folded), budget);
  return `${cut}${ellipsis}`;
}
