import { canonicalLanguageTag } from '../http/validators';
import { first, isNode, nameOf, text, urlOf, type Node } from './json-ld';

/** One ClaimReview as stored: the columns of external_fact_checks that an import writes. */
export type ExternalFactCheckRow = {
  url: string;
  publisherName: string | null;
  publisherUrl: string | null;
  claimReviewed: string;
  claimant: string | null;
  claimDate: string | null;
  ratingText: string | null;
  ratingValue: number | null;
  bestRating: number | null;
  worstRating: number | null;
  datePublished: string | null;
  dateModified: string | null;
  language: string | null;
};

/** Why a record was refused, said so that whoever fixes the file knows what to change. */
export class RecordRefused extends Error {}

const maxUrl = 2048;
const maxClaim = 10_000;
const maxName = 500;
const maxRatingText = 300;
const maxRatingMagnitude = 1e9;

/** Maps one ClaimReview node to its row, or throws RecordRefused. */
export function toExternalFactCheck(review: Node): ExternalFactCheckRow {
  const item = first(review.itemReviewed);
  const claim = isNode(item) ? item : undefined;
  const rating = first(review.reviewRating);
  const reviewer = first(review.author) ?? first(review.publisher);
  const ratingNode = isNode(rating) ? rating : undefined;
  const row: ExternalFactCheckRow = {
    url: reviewUrl(urlOf(review) ?? text(review['@id'])),
    publisherName: bounded('author.name', nameOf(reviewer), maxName),
    publisherUrl: optionalUrl('author.url', isNode(reviewer) ? urlOf(reviewer) : undefined),
    claimReviewed: required('claimReviewed', text(review.claimReviewed) ?? (claim && text(claim.text)), maxClaim),
    claimant: bounded('itemReviewed.author.name', claim && nameOf(claim.author), maxName),
    claimDate: date('itemReviewed.datePublished', claim?.datePublished)?.slice(0, 10) ?? null,
    ratingText: bounded('reviewRating.alternateName', ratingNode && (text(ratingNode.alternateName) ?? text(ratingNode.name)), maxRatingText),
    ratingValue: number('reviewRating.ratingValue', ratingNode?.ratingValue),
    bestRating: number('reviewRating.bestRating', ratingNode?.bestRating),
    worstRating: number('reviewRating.worstRating', ratingNode?.worstRating),
    datePublished: date('datePublished', review.datePublished),
    dateModified: date('dateModified', review.dateModified),
    language: language(review.inLanguage),
  };
  if (row.ratingText === null && row.ratingValue === null) {
    throw new RecordRefused('no reviewRating with an alternateName, a name or a ratingValue');
  }
  const { ratingValue: value, bestRating: best, worstRating: worst } = row;
  if (value !== null && ((best !== null && value > Math.max(best, worst ?? best)) || (worst !== null && value < Math.min(worst, best ?? worst)))) {
    throw new RecordRefused(`reviewRating.ratingValue ${value} lies outside worstRating ${worst ?? '–'} to bestRating ${best ?? '–'}`);
  }
  return row;
}

/** Text PostgreSQL can store, within its bound; null when absent. */
function bounded(field: string, value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  if (value.includes('\u0000') || !value.isWellFormed()) throw new RecordRefused(`${field} contains a NUL or an unpaired surrogate`);
  if (value.length > max) throw new RecordRefused(`${field} is longer than ${max} characters`);
  return value;
}

function required(field: string, value: string | undefined, max: number): string {
  const present = bounded(field, value, max);
  if (present === null) throw new RecordRefused(`${field} is missing`);
  return present;
}

const httpUrl = (value: string): string | undefined => {
  if (value.length > maxUrl) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= maxUrl ? url.href : undefined;
};

function reviewUrl(value: string | undefined): string {
  if (value === undefined) throw new RecordRefused('url is missing: it is what tells one review from another');
  const url = httpUrl(value);
  if (!url) throw new RecordRefused(`url is not an absolute http(s) URL of at most ${maxUrl} characters`);
  return url;
}

function optionalUrl(field: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const url = httpUrl(value);
  if (!url) throw new RecordRefused(`${field} is not an absolute http(s) URL of at most ${maxUrl} characters`);
  return url;
}

/** A JSON number, or a decimal number written as text ("4", "2.5"). */
function number(field: string, value: unknown): number | null {
  const one = first(value);
  if (one === undefined || one === null || one === '') return null;
  const parsed = typeof one === 'number' ? one : typeof one === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(one) ? Number(one) : Number.NaN;
  if (!Number.isFinite(parsed) || Math.abs(parsed) > maxRatingMagnitude) throw new RecordRefused(`${field} is not a number`);
  return parsed;
}

/** ISO 8601: a date (2024-05-01) or a date and time with an offset, as an instant; years 1000 to 9999. */
const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function date(field: string, value: unknown): string | null {
  const raw = text(value);
  if (raw === undefined) return null;
  const time = isoDate.test(raw) ? Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw) : Number.NaN;
  if (Number.isNaN(time) || raw < '1000' || new Date(time).getUTCFullYear() > 9999) {
    throw new RecordRefused(`${field} is not an ISO 8601 date such as 2024-05-01 or 2024-05-01T09:30:00Z`);
  }
  // A calendar date that does not exist (2024-02-30) is rolled over by Date.parse: refused instead.
  if (new Date(time).toISOString().slice(0, 10) !== raw.slice(0, 10) && raw.length === 10) {
    throw new RecordRefused(`${field} is not a date the calendar has`);
  }
  return new Date(time).toISOString();
}

function language(value: unknown): string | null {
  const one = first(value);
  const raw = isNode(one) ? (text(one.alternateName) ?? text(one.name)) : text(one);
  if (raw === undefined) return null;
  const tag = raw.length <= 35 ? knownTag(raw) : undefined;
  if (!tag) throw new RecordRefused('inLanguage is not a BCP 47 language tag such as "en" or "pt-BR"');
  return tag;
}

/** A feed names a handful of languages; each is canonicalised once (Intl is slow), and the memo stays small. */
const tags = new Map<string, string | undefined>();
function knownTag(raw: string): string | undefined {
  if (tags.has(raw)) return tags.get(raw);
  const tag = canonicalLanguageTag(raw);
  if (tags.size < 1000) tags.set(raw, tag);
  return tag;
}
