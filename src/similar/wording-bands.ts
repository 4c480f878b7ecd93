/**
 * Locality-sensitive hashing of a claim's wording, so that finding similar claims reads a bounded
 * number of rows at any table size (a trigram index reads the posting list of every common trigram:
 * seconds at 1 M claims).
 *
 * A wording's trigrams are pg_trgm's (each word padded with two spaces before and one after), so the
 * Jaccard similarity these keys estimate is the `similarity()` that ranks the candidates afterwards.
 * `signatureSize` MinHash values are cut into `bandCount` bands of `rowsPerBand`; each band becomes one
 * key (the band's number in the high bits). Two wordings share a band's key with probability s², s
 * their similarity: at s = 0.3 they share at least one of 24 keys with probability 0.90, at 0.5 with
 * 0.999. The keys are stored (claim_wording_bands): changing anything here needs a migration that
 * computes them again.
 */
export const bandCount = 24;
export const rowsPerBand = 2;
const signatureSize = bandCount * rowsPerBand;

/** Odd multipliers and offsets of the MinHash functions (a·h + b mod 2³²), fixed forever (see above). */
const multipliers = Uint32Array.from({ length: signatureSize }, (_, index) => mix(Math.imul(index + 1, 0x9e3779b1)) | 1);
const offsets = Uint32Array.from({ length: signatureSize }, (_, index) => mix(Math.imul(index + 1, 0x85ebca77)));

/** MurmurHash3's finaliser: a cheap, well-spread 32-bit mix. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const space = 0x20;

/** Calls `visit` with the code points of each of pg_trgm's trigrams of a normalised wording: words padded "  word ". */
function forEachTrigram(wording: string, visit: (first: number, second: number, third: number) => void): void {
  for (const word of wording.split(' ')) {
    if (word === '') continue;
    let [first, second] = [space, space];
    for (const letter of word) {
      const third = letter.codePointAt(0)!;
      visit(first, second, third);
      [first, second] = [second, third];
    }
    visit(first, second, space);
  }
}

/** pg_trgm's trigrams of an already normalised wording (src/similar/wording.ts). */
export function wordingTrigrams(wording: string): Set<string> {
  const trigrams = new Set<string>();
  forEachTrigram(wording, (first, second, third) => trigrams.add(String.fromCodePoint(first, second, third)));
  return trigrams;
}

/** The band keys of a normalised wording (none for a wording without letters or digits). */
export function wordingBandKeys(wording: string): number[] {
  const hashes = new Set<number>();
  forEachTrigram(wording, (first, second, third) => hashes.add(mix(Math.imul(mix(Math.imul(first, 0x01000193) ^ second), 0x01000193) ^ third)));
  if (hashes.size === 0) return [];
  const minimums = new Uint32Array(signatureSize).fill(0xffffffff);
  for (const hash of hashes) {
    for (let index = 0; index < signatureSize; index += 1) {
      const value = (Math.imul(hash, multipliers[index]!) + offsets[index]!) >>> 0;
      if (value < minimums[index]!) minimums[index] = value;
    }
  }
  const keys: number[] = [];
  for (let band = 0; band < bandCount; band += 1) {
    let combined = 0;
    for (let row = 0; row < rowsPerBand; row += 1) combined = mix(combined ^ minimums[band * rowsPerBand + row]!);
    keys.push(band * 2 ** 32 + combined); // below 2^53: exact as a number and as a bigint
  }
  return keys;
}

/** The keys as a PostgreSQL array literal, for a column of arrays passed through unnest (which flattens arrays of arrays). */
export const wordingBandKeysLiteral = (wording: string): string => `{${wordingBandKeys(wording).join(',')}}`;
