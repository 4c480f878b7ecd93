import type { Request } from 'express';
import type { Config } from '../config/config';
import type { Actor } from '../users/users.service';
import { cookieOf } from './session';
import { chooseLanguage, formats, translator, type Formats, type Language, type Translate } from './i18n/i18n';

export const languageCookie = 'lang';

/** What every page needs to present itself: the language and its formats, who is asking, the form token. */
export type PageContext = {
  lang: Language;
  t: Translate;
  format: Formats;
  person: Actor | undefined;
  csrfToken: string | undefined;
  /** The path and query of this page, to come back to (after switching language, signing in). */
  here: string;
};

export function pageContext(req: Request, config: Pick<Config, 'deskTimeZone'>): PageContext {
  const lang = chooseLanguage(cookieOf(req, languageCookie), req.headers['accept-language']);
  return {
    lang,
    t: translator(lang),
    format: formats(lang, config.deskTimeZone),
    person: req.webSession?.person,
    csrfToken: req.webSession?.csrfToken,
    here: req.originalUrl,
  };
}

/** A public page: the same for everyone who asks in its language, so it reads no session and no form token. */
export const publicPageContext = (lang: Language, config: Pick<Config, 'deskTimeZone'>, here: string): PageContext => ({
  lang,
  t: translator(lang),
  format: formats(lang, config.deskTimeZone),
  person: undefined,
  csrfToken: undefined,
  here,
});
