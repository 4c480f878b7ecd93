import { Problem } from '../errors/problem';
import { codePointLength, codePointOffset, utf16Index } from '../text/code-points';

export type Anchor = { start: number; end: number };

const maxCandidates = 10;

/**
 * Anchors a quote in the article body. With offsets, the body there must be exactly the quote;
 * without, the quote must occur exactly once so that the server can fill them in.
 */
export function anchorQuote(body: string, quote: string, offsets?: Anchor): Anchor {
  return offsets ? checkOffsets(body, quote, offsets) : findSingleOccurrence(body, quote);
}

function checkOffsets(body: string, quote: string, { start, end }: Anchor): Anchor {
  const from = utf16Index(body, start);
  const to = utf16Index(body, end);
  if (from === undefined || to === undefined || end <= start) {
    throw new Problem(
      'quote-mismatch',
      `Offsets ${start}-${end} are not a span of the body, which is ${codePointLength(body)} code points long.`,
      { start, end },
    );
  }
  const found = body.slice(from, to);
  if (found !== quote) {
    const hint = occurrences(body, quote);
    throw new Problem('quote-mismatch', `The body at ${start}-${end} reads ${JSON.stringify(shorten(found))}.`, {
      start,
      end,
      found,
      ...(hint.length > 0 ? { candidates: hint } : {}),
    });
  }
  return { start, end };
}

function findSingleOccurrence(body: string, quote: string): Anchor {
  const found = occurrences(body, quote);
  if (found.length === 0) {
    throw new Problem('quote-not-found', 'The quote is not in the body word for word; check spacing and punctuation.');
  }
  if (found.length > 1) {
    throw new Problem(
      'quote-ambiguous',
      `The quote occurs ${found.length === maxCandidates ? `at least ${maxCandidates}` : found.length} times; send start and end to choose one.`,
      { candidates: found },
    );
  }
  return found[0]!;
}

function occurrences(body: string, quote: string): Anchor[] {
  const found: Anchor[] = [];
  const length = codePointLength(quote);
  for (let index = body.indexOf(quote); index !== -1 && found.length < maxCandidates; index = body.indexOf(quote, index + 1)) {
    const start = codePointOffset(body, index);
    found.push({ start, end: start + length });
  }
  return found;
}

const shorten = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
