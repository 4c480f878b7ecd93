/**
 * Offsets in the API count Unicode code points, so "🇮🇩" is 2 and "é" (precomposed) is 1, the same
 * as Python's str indexing. JavaScript strings index UTF-16 units; these convert between the two.
 */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** The UTF-16 index of the code point at `offset`, or undefined when the text is shorter. */
export function utf16Index(text: string, offset: number): number | undefined {
  let index = 0;
  let points = 0;
  while (points < offset) {
    if (index >= text.length) return undefined;
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
    points++;
  }
  return index;
}

/** The code point offset of UTF-16 index `index` (which must sit on a code point boundary). */
export const codePointOffset = (text: string, index: number): number => codePointLength(text.slice(0, index));
