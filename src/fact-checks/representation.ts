import type { Request } from 'express';
import Negotiator from 'negotiator';
import { parse as parseCookies } from 'cookie';
import { chooseLanguage, type Language } from '../web/i18n/i18n';
import { languageCookie } from '../web/page-context';
import type { Site } from './site';

/** The answers a public address can give: JSON, the ClaimReview alone, or the page in one language. */
export type Representation = 'json' | 'ld' | `html:${Language}`;

/**
 * The public cache's key of one representation of one public address (its path and canonical query).
 * The one place keys are made: whatever answers a cache hit (the route, a fast path in front of Express)
 * derives the key here.
 */
export const publicPageKey = (site: Site, path: string, representation: Representation): string =>
  `${site.baseUrl}|${path}|${representation}`;

export const isHtml = (representation: Representation): representation is `html:${Language}` => representation.startsWith('html:');

export const languageOf = (representation: `html:${Language}`): Language => representation.slice(5) as Language;

/** What a page's language is chosen on, besides Accept for the format: the language cookie, then Accept-Language. */
export const htmlVaryOn = ['Accept-Language', 'Cookie'] as const;

/** The `lang` cookie's value, without parsing a long Cookie header that does not mention it. */
function languageCookieOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header || !header.includes(`${languageCookie}=`)) return undefined;
  return parseCookies(header)[languageCookie];
}

/** Negotiations repeat a handful of header values: each is worked out once (bounded; odd ones each time). */
function memo<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let found = known.get(key);
    if (found !== undefined) return found;
    found = compute(key);
    if (known.size < 256 && key.length <= 512) known.set(key, found);
    return found;
  };
}

const languageFor = memo((key) => {
  const [cookie, acceptLanguage] = key.split('\n');
  return chooseLanguage(cookie || undefined, acceptLanguage);
});

/** The page's language: a person's choice (cookie), else their browser's (Accept-Language), else English. */
export const pageLanguage = (req: Request): Language => languageFor(`${languageCookieOf(req) ?? ''}\n${req.headers['accept-language'] ?? ''}`);

/** The list pages are HTML only. */
export const htmlRepresentation = (req: Request): Representation => `html:${pageLanguage(req)}`;

const htmlPreferred = memo((accept) => {
  const fake = { headers: { accept } } as Request;
  return new Negotiator(fake).mediaType(['application/json', 'text/html']) === 'text/html';
});

/** A browser asking for a page (text/html before JSON); anything else, `*\/*` included, gets JSON. */
export const prefersHtml = (req: Request): boolean => htmlPreferred(req.headers.accept ?? '');
