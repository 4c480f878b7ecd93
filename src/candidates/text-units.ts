/** A word of a unit: its text, lower-cased form and UTF-16 span in the article body. */
export type Word = { text: string; lower: string; start: number; end: number };

/** A sentence that may become a candidate; spans are UTF-16 indexes into the body. */
export type TextUnit = {
  start: number;
  end: number;
  paragraph: number;
  words: Word[];
  quotes: Array<{ start: number; end: number }>;
  /** Ends with a colon or comma: it announces what follows ("He said:") rather than saying something. */
  introducesNext: boolean;
};

/** Longer sentences are cut here: no claim a checker would anchor is longer, and it bounds the work per unit. */
export const maxUnitLength = 2000;
const minWords = 4;

// "JAKARTA - ", "REPUBLIKA.CO.ID, JAKARTA -- ", "LONDON (Reuters) - ": the dateline is not part of any claim.
const dateline = /^(?:[\p{L}.]+,\s*)?\p{Lu}[\p{Lu} .]*(?:\s*\([^)]{1,40}\))?\s*[-–—]{1,2}\s+/u;
// "(ast/jpnn)", "(ara/ang)": the reporter and editor initials that close an article.
const creditLine = /\s*\(\p{Ll}{2,5}(?:\/\p{Ll}{2,5})+\)\s*$/u;
const opening = new Set(['“', '„', '«']);
const closing = new Set(['”', '»']);

/** Splits the body into paragraphs and sentences (Intl.Segmenter in the article's language). */
export function textUnits(body: string, language: string): TextUnit[] {
  const sentences = new Intl.Segmenter(language, { granularity: 'sentence' });
  const words = new Intl.Segmenter(language, { granularity: 'word' });
  const units: TextUnit[] = [];
  let paragraph = 0;
  for (const para of paragraphs(body)) {
    let pendingStart: number | undefined;
    for (const { offset, sentence } of sentencesOf(para.text, sentences)) {
      const start = pendingStart ?? para.start + offset + sentence.index;
      const end = para.start + offset + sentence.index + sentence.segment.length;
      // A quotation that runs over several sentences stays one unit with its speaker.
      if (insideQuote(body.slice(start, end)) && end - start < maxUnitLength) {
        pendingStart = start;
        continue;
      }
      pendingStart = undefined;
      units.push(makeUnit(body, start, end, paragraph, words));
    }
    if (pendingStart !== undefined) units.push(makeUnit(body, pendingStart, para.start + para.text.length, paragraph, words));
    paragraph++;
  }
  return units.filter((unit) => unit.words.length >= minWords);
}

/**
 * Intl.Segmenter slows down more than linearly on long strings (V8: a 220,000-character paragraph took
 * minutes), so a long paragraph is segmented in pieces cut after a sentence end (or a space).
 */
const segmentPiece = 4000;
function* sentencesOf(text: string, segmenter: Intl.Segmenter): Generator<{ offset: number; sentence: Intl.SegmentData }> {
  for (let offset = 0; offset < text.length; ) {
    let cut = text.length;
    if (text.length - offset > segmentPiece) {
      const window = text.slice(offset, offset + segmentPiece);
      const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
      const space = window.lastIndexOf(' ');
      cut = offset + (sentenceEnd > 0 ? sentenceEnd + 2 : space > 0 ? space + 1 : segmentPiece);
      if (cut < text.length && /[\udc00-\udfff]/u.test(text[cut]!)) cut++; // never split a surrogate pair
    }
    for (const sentence of segmenter.segment(text.slice(offset, cut))) yield { offset, sentence };
    offset = cut;
  }
}

function paragraphs(body: string): Array<{ start: number; text: string }> {
  const found: Array<{ start: number; text: string }> = [];
  const pattern = /[^\n]+/g;
  for (let match = pattern.exec(body); match; match = pattern.exec(body)) {
    if (match[0].trim()) found.push({ start: match.index, text: match[0] });
  }
  return found;
}

function insideQuote(text: string): boolean {
  let straight = false;
  let curly = 0;
  for (const char of text) {
    if (char === '"') straight = !straight;
    else if (opening.has(char)) curly++;
    else if (closing.has(char)) curly = Math.max(0, curly - 1);
  }
  return straight || curly > 0;
}

/** Quoted spans of a unit ("…", “…”, „…“, «…»); an unclosed one runs to the unit's end. */
function quoteSpans(body: string, start: number, end: number): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let open: { at: number; closer: string } | undefined;
  for (let index = start; index < end; index++) {
    const char = body[index]!;
    if (open) {
      if (char === open.closer || (open.closer === '”' && char === '“' && body[open.at] === '„')) {
        spans.push({ start: open.at, end: index + 1 });
        open = undefined;
      }
    } else if (char === '"') open = { at: index, closer: '"' };
    else if (char === '“' || char === '„') open = { at: index, closer: char === '„' ? '“' : '”' };
    else if (char === '«') open = { at: index, closer: '»' };
  }
  if (open) spans.push({ start: open.at, end });
  return spans;
}

function makeUnit(body: string, from: number, to: number, paragraph: number, segmenter: Intl.Segmenter): TextUnit {
  let start = from;
  let end = Math.min(to, from + maxUnitLength);
  const head = dateline.exec(body.slice(start, end));
  if (head) start += head[0].length;
  const tail = creditLine.exec(body.slice(start, end));
  if (tail) end = start + tail.index;
  const introducesNext = /[:,]\s*$/u.test(body.slice(start, end));
  while (end > start && /[\s.!?;:,]/u.test(body[end - 1]!)) end--;
  while (start < end && /\s/u.test(body[start]!)) start++;
  return { start, end, paragraph, words: wordsOf(body, start, end, segmenter), quotes: quoteSpans(body, start, end), introducesNext };
}

function wordsOf(body: string, start: number, end: number, segmenter: Intl.Segmenter): Word[] {
  const words: Word[] = [];
  for (const part of segmenter.segment(body.slice(start, end))) {
    if (!part.isWordLike) continue;
    words.push({ text: part.segment, lower: part.segment.toLowerCase(), start: start + part.index, end: start + part.index + part.segment.length });
  }
  return words;
}

export const inQuote = (unit: Pick<TextUnit, 'quotes'>, index: number): boolean =>
  unit.quotes.some((quote) => index >= quote.start && index < quote.end);
