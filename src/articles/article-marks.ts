/** A claim's span in the body, in code points. */
export type MarkedSpan = { id: string; start: number; end: number };

/** A run of the body and the claims that cover it, outermost (earliest start, then longest) first. */
export type Segment<Span extends MarkedSpan> = { text: string; covering: Span[] };

/**
 * Cuts the body at every claim boundary, so that overlapping and nested claims each get their marks and
 * the text itself is unchanged: joining the segments gives the body back, code point for code point.
 */
export function segmentBody<Span extends MarkedSpan>(body: string, spans: readonly Span[]): Array<Segment<Span>> {
  const points = [...body];
  const inside = spans.filter((span) => span.start >= 0 && span.end <= points.length && span.start < span.end);
  const cuts = [...new Set([0, points.length, ...inside.flatMap((span) => [span.start, span.end])])].sort((a, b) => a - b);
  const ordered = [...inside].sort((a, b) => a.start - b.start || b.end - a.end);
  const segments: Array<Segment<Span>> = [];
  for (let index = 0; index < cuts.length - 1; index += 1) {
    const from = cuts[index]!;
    const to = cuts[index + 1]!;
    segments.push({ text: points.slice(from, to).join(''), covering: ordered.filter((span) => span.start <= from && span.end >= to) });
  }
  return segments;
}

/**
 * A browser's text has every CR LF (and lone CR) as LF: HTML parsing normalises line breaks. Offsets a
 * browser computed over that text are mapped back onto the body as stored.
 */
export function bodyOffsetsFromBrowser(body: string, start: number, end: number): { start: number; end: number } {
  if (!body.includes('\r')) return { start, end };
  const rawIndexOf: number[] = [];
  const points = [...body];
  for (let raw = 0; raw < points.length; raw += 1) {
    if (points[raw] === '\r' && points[raw + 1] === '\n') continue;
    rawIndexOf.push(raw);
  }
  rawIndexOf.push(points.length);
  return { start: rawIndexOf[start] ?? start, end: rawIndexOf[end] ?? end };
}
