import Negotiator from 'negotiator';
import en from './en.json';
import id from './id.json';

/** Every string a page shows is a key of the English catalogue; the other catalogues must have the same keys. */
export type MessageKey = keyof typeof en;
export const catalogues: Record<Language, Record<MessageKey, string>> = { en, id };
export const languages = ['en', 'id'] as const;
export type Language = (typeof languages)[number];

export const isLanguage = (value: unknown): value is Language => languages.includes(value as Language);

/** The cookie's language when it names one we have, else the best of Accept-Language, else English. */
export function chooseLanguage(cookieValue: string | undefined, acceptLanguage: string | undefined): Language {
  if (isLanguage(cookieValue)) return cookieValue;
  const [best] = new Negotiator({ headers: { 'accept-language': acceptLanguage ?? '' } }).languages([...languages]);
  return isLanguage(best) ? best : 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `{name}` in a message is replaced by params.name; the result is text, escaped where it is rendered. */
export function translator(language: Language): Translate {
  const catalogue = catalogues[language];
  return (key, params) => {
    const message = catalogue[key] ?? en[key];
    return params ? message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : message;
  };
}

export type Formats = { dateTime: (date: Date | string) => string; date: (date: Date | string) => string; number: (value: number) => string };

const formatCache = new Map<string, Formats>();

/** Dates in the desk's time zone and numbers, both in the page's language. Formatters are built once per pair. */
export function formats(language: Language, timeZone: string): Formats {
  const key = `${language} ${timeZone}`;
  let found = formatCache.get(key);
  if (!found) {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone });
    const number = new Intl.NumberFormat(language);
    found = {
      dateTime: (value) => dateTime.format(new Date(value)),
      date: (value) => date.format(new Date(value)),
      number: (value) => number.format(value),
    };
    formatCache.set(key, found);
  }
  return found;
}
