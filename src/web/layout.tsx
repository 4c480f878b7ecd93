import type { ComponentChildren } from 'preact';
import { csrfField } from './csrf';
import { languages } from './i18n/i18n';
import type { PageContext } from './page-context';

export type PageMeta = {
  description?: string;
  /** Open Graph / Twitter card of a public page. */
  openGraph?: { type: string; url: string; title: string; description: string };
  canonical?: string;
};

/** What a page shows that other people may change: live updates refresh it (see assets/live.js). */
/** Keeps the page's live regions current from /events. */
const liveScript = '/assets/live.js';

export type LiveTopics = { articles?: readonly string[]; claims?: readonly string[]; everything?: boolean };

type LayoutProps = {
  ctx: PageContext;
  title: string;
  meta?: PageMeta;
  head?: ComponentChildren;
  /** This site's own scripts for the page (CSP: no inline script). */
  scripts?: readonly string[];
  live?: LiveTopics;
  /** A public page, cached and the same for everyone: the signed-out header whoever reads it. */
  isPublic?: boolean;
  children: ComponentChildren;
};

/** Every page: one stylesheet, a skip link, the site's navigation for this person, the language switch. */
export function Layout({ ctx, title, meta, head, scripts = [], live, isPublic, children }: LayoutProps) {
  const { t } = ctx;
  const person = isPublic ? undefined : ctx.person;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('site.name')}`}</title>
        {meta?.description && <meta name="description" content={meta.description} />}
        {meta?.canonical && <link rel="canonical" href={meta.canonical} />}
        {meta?.openGraph && <OpenGraph {...meta.openGraph} siteName={t('site.name')} />}
        <link rel="stylesheet" href="/assets/site.css" />
        {head}
        {[...scripts, ...(live ? [liveScript] : [])].map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body
        data-live-articles={live?.articles?.join(' ')}
        data-live-claims={live?.claims?.join(' ')}
        data-live-everything={live?.everything ? 'true' : undefined}
      >
        <a class="skip" href="#content">
          {t('site.skipToContent')}
        </a>
        <header class="site">
          <a class="brand" href="/">
            {t('site.name')}
          </a>
          <nav aria-label={t('nav.label')}>
            <ul>
              <li>
                <a href="/fact-checks">{t('nav.home')}</a>
              </li>
              {person && person.role !== 'checker' && (
                <li>
                  <a href="/desk">{t('nav.desk')}</a>
                </li>
              )}
              {person && person.role !== 'admin' && (
                <li>
                  <a href="/my">{t('nav.my')}</a>
                </li>
              )}
              {person && (
                <li>
                  <a href="/articles">{t('nav.articles')}</a>
                </li>
              )}
              {person?.role === 'admin' && (
                <li>
                  <a href="/admin/people">{t('nav.people')}</a>
                </li>
              )}
            </ul>
          </nav>
          <div class="who">
            {person ? (
              <>
                <a href="/account">{t('nav.signedInAs', { name: person.name, role: t(`role.${person.role}`) })}</a>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name={csrfField} value={ctx.csrfToken} />
                  <button type="submit">{t('nav.signOut')}</button>
                </form>
              </>
            ) : (
              <a href={`/login?next=${encodeURIComponent(ctx.here)}`}>{t('nav.signIn')}</a>
            )}
          </div>
          <LanguageSwitch ctx={ctx} />
        </header>
        <main id="content" tabindex={-1}>
          {children}
        </main>
        {live && (
          <p id="live-status" class="visually-hidden" role="status" aria-live="polite" data-updated={t('live.updated')}></p>
        )}
      </body>
    </html>
  );
}

/** Plain links, so that switching works without JavaScript; the choice sticks in a cookie. */
function LanguageSwitch({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="languages" aria-label={ctx.t('language.label')}>
      <ul>
        {languages.map((lang) => (
          <li>
            <a href={`/language?lang=${lang}&back=${encodeURIComponent(ctx.here)}`} hreflang={lang} lang={lang} aria-current={lang === ctx.lang ? 'true' : undefined}>
              {ctx.t(`language.${lang}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function OpenGraph({ type, url, title, description, siteName }: NonNullable<PageMeta['openGraph']> & { siteName: string }) {
  return (
    <>
      <meta property="og:type" content={type} />
      <meta property="og:url" content={url} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:site_name" content={siteName} />
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
    </>
  );
}

/** The hidden field a signed-in form carries. */
export function CsrfInput({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name={csrfField} value={ctx.csrfToken} />;
}
