import { pointerSegment, type ScreenError } from './input-shape';

/**
 * Bounds on the structure of a JSON body, far above what any DTO accepts (at most 3 levels, 8 fields,
 * 20 sources), checked on the bytes before JSON.parse: parsing 250,000 empty objects or an object of
 * 80,000 keys costs V8 100–300 ms, and it was cheap to send.
 */
export const jsonBounds = { maxDepth: 8, maxMembers: 100, maxItems: 1_000, maxValues: 10_000 } as const;

type Frame = { array: boolean; commas: number; keyStart: number; keyEnd: number };

const quote = 0x22;
const backslash = 0x5c;

/** The next byte that matters to the structure; everything between (digits, space, literals) is skipped natively. */
const structural = /["{}[\],]/g;

/**
 * The first bound the text breaks, with a pointer to where, or undefined. Not a JSON validator:
 * malformed text is left for JSON.parse to refuse. The bytes are read as latin1 (one character per
 * byte, so offsets agree); strings are skipped with Buffer.indexOf.
 */
export function findBoundBroken(bytes: Buffer): ScreenError | undefined {
  const { maxDepth, maxMembers, maxItems, maxValues } = jsonBounds;
  const text = bytes.toString('latin1');
  const stack: Frame[] = [];
  let values = 1;
  let expectKey = false;
  structural.lastIndex = 0;
  for (let match = structural.exec(text); match; match = structural.exec(text)) {
    const at = match.index;
    const char = text.charCodeAt(at);
    if (char === quote) {
      const end = closingQuote(bytes, at);
      const top = stack.at(-1);
      if (expectKey && top) {
        top.keyStart = at;
        top.keyEnd = end + 1;
        expectKey = false;
      }
      structural.lastIndex = end + 1;
    } else if (char === 0x7b || char === 0x5b) {
      const pointer = () => pointerTo(bytes, stack, stack.length);
      if (stack.length >= maxDepth) return { pointer: pointer(), detail: `${pointer()} is nested deeper than ${maxDepth} levels` };
      if (++values > maxValues) return { pointer: '#', detail: `the body holds more than ${maxValues} values` };
      stack.push({ array: char === 0x5b, commas: 0, keyStart: -1, keyEnd: -1 });
      expectKey = char === 0x7b;
    } else if (char === 0x5d || char === 0x7d) {
      stack.pop();
      expectKey = false;
    } else {
      const top = stack.at(-1);
      if (!top) continue;
      top.commas++;
      expectKey = !top.array;
      const pointer = () => pointerTo(bytes, stack, stack.length - 1);
      if (top.array && top.commas >= maxItems) return { pointer: pointer(), detail: `${pointer()} has more than ${maxItems} items` };
      if (!top.array && top.commas >= maxMembers) return { pointer: pointer(), detail: `${pointer()} has more than ${maxMembers} members` };
      if (++values > maxValues) return { pointer: '#', detail: `the body holds more than ${maxValues} values` };
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opening at `open` (or the end of the text). */
function closingQuote(bytes: Buffer, open: number): number {
  let at = open;
  for (;;) {
    at = bytes.indexOf(quote, at + 1);
    if (at === -1) return bytes.length;
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === backslash) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/** The JSON Pointer of the value held by the first `depth` frames. */
function pointerTo(bytes: Buffer, stack: Frame[], depth: number): string {
  let pointer = '#';
  for (const frame of stack.slice(0, depth)) {
    pointer += `/${frame.array ? frame.commas : pointerSegment(keyText(bytes, frame))}`;
  }
  return pointer;
}

function keyText(bytes: Buffer, frame: Frame): string {
  const raw = bytes.toString('utf8', frame.keyStart, frame.keyEnd);
  try {
    const key: unknown = JSON.parse(raw);
    return typeof key === 'string' && key.isWellFormed() ? key : '?';
  } catch {
    return '?';
  }
}
