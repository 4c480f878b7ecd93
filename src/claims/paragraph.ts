/** The paragraph (blank-line separated) of the body that holds a span, cut into the text before, the span, and after. */
export function paragraphAround(body: string, start: number, end: number): { before: string; quote: string; after: string } {
  const points = [...body];
  let from = start;
  while (from > 0 && !(points[from - 1] === '\n' && points[from - 2] === '\n')) from -= 1;
  let to = end;
  while (to < points.length && !(points[to] === '\n' && points[to + 1] === '\n')) to += 1;
  return { before: points.slice(from, start).join(''), quote: points.slice(start, end).join(''), after: points.slice(end, to).join('') };
}
