import type { FieldError } from '../errors/problem';
import { Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';

export type FactCheckListItem = { path: string; said: string; claimant: string; label: string; dateModified: string };
/** A fact-check of another organisation (imported), never a verdict of this desk. */
export type ElsewhereItem = { url: string; publisher: string | null; claimReviewed: string; rating: string | null };

type ListProps = {
  ctx: PageContext;
  /** `/` (the latest) or `/fact-checks` (the search). */
  kind: 'home' | 'search';
  organization: string;
  items: FactCheckListItem[];
  /** A search's first page: published fact-checks worded like q (similarity), and other organisations' reviews. */
  alike?: FactCheckListItem[];
  elsewhere?: ElsewhereItem[];
  q?: string;
  nextPath?: string;
  /** Not the first page: offer the way back. */
  paged?: boolean;
  canonical: string;
  /** What was wrong with the query, as the Problem said it. */
  errors?: FieldError[];
};

const errorFor = (errors: FieldError[] | undefined, parameter: string) =>
  errors?.find((error) => 'parameter' in error && error.parameter === parameter)?.detail;

/** The latest fact-checks (`/`) and the search over them (`/fact-checks`): the same list, paged by the feed's cursor. */
export function FactCheckListPage({ ctx, kind, organization, items, alike = [], elsewhere = [], q, nextPath, paged, canonical, errors }: ListProps) {
  const { t } = ctx;
  const heading = kind === 'home' ? t('public.home.title') : q ? t('public.search.results', { q }) : t('public.list.title');
  const qError = errorFor(errors, 'q');
  const otherErrors = errors?.filter((error) => !('parameter' in error) || error.parameter !== 'q') ?? [];
  return (
    <Layout ctx={ctx} isPublic title={heading} meta={{ canonical, description: t('public.home.intro', { organization }) }}>
      <h1>{heading}</h1>
      {kind === 'home' && <p>{t('public.home.intro', { organization })}</p>}
      {otherErrors.length > 0 && (
        <div class="error" role="alert">
          <p>{t('form.errorSummary')}</p>
          <ul>
            {otherErrors.map((error) => (
              <li>{error.detail}</li>
            ))}
          </ul>
        </div>
      )}
        <form method="get" action="/fact-checks" class="search stack" role="search">
          <label for="q">{t('public.search.label')}</label>
          <p id="q-hint" class="muted">
            {t('public.search.hint')}
          </p>
          {qError && (
            <p id="q-error" class="field-error">
              {qError}
            </p>
          )}
          <div class="search-row">
            <input id="q" name="q" type="search" maxlength={200} value={q} aria-describedby={qError ? 'q-hint q-error' : 'q-hint'} aria-invalid={qError ? 'true' : undefined} />
            <button type="submit">{t('public.search.submit')}</button>
          </div>
        </form>
      {alike.length > 0 && (
        <section aria-labelledby="alike-heading">
          <h2 id="alike-heading">{t('public.search.alike')}</h2>
          <FactCheckItems ctx={ctx} items={alike} label={t('public.search.alike')} inSection />
        </section>
      )}
      {elsewhere.length > 0 && (
        <section aria-labelledby="elsewhere-heading">
          <h2 id="elsewhere-heading">{t('public.search.elsewhere')}</h2>
          <ul class="fact-check-list">
            {elsewhere.map((item) => (
              <li>
                <h3>
                  <a href={item.url} rel="external nofollow noopener">
                    {item.claimReviewed}
                  </a>
                </h3>
                <p>{t('public.search.elsewhereRated', { publisher: item.publisher ?? new URL(item.url).host, rating: item.rating ?? '—' })}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {items.length === 0 ? (
        <p>{q ? t('public.search.none', { q }) : t('public.list.empty')}</p>
      ) : (
        <FactCheckItems ctx={ctx} items={items} label={t('public.list.label')} />
      )}
      {(nextPath || paged) && (
        <nav aria-label={t('public.list.pages')} class="pager">
          {paged && <a href={kind === 'home' ? '/' : q ? `/fact-checks?${new URLSearchParams({ q })}` : '/fact-checks'}>{t('public.list.newest')}</a>}
          {nextPath && (
            <a href={nextPath} rel="next">
              {t('public.list.next')}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}

/** The list of fact-checks; inside a section with a heading of its own, each title is one level down. */
function FactCheckItems({ ctx, items, label, inSection = false }: { ctx: PageContext; items: FactCheckListItem[]; label: string; inSection?: boolean }) {
  const { t, format } = ctx;
  return (
    <ol class="fact-check-list" aria-label={label}>
      {items.map((item) => (
        <li>
          {inSection ? (
            <h3>
              <a href={item.path}>{item.said}</a>
            </h3>
          ) : (
            <h2>
              <a href={item.path}>{item.said}</a>
            </h2>
          )}
          <p>
            <strong>{t('public.list.rated', { rating: item.label })}</strong>
            {' · '}
            {t('public.list.saidBy', { claimant: item.claimant })}
            {' · '}
            <time dateTime={item.dateModified}>{t('public.list.updated', { date: format.dateTime(item.dateModified) })}</time>
          </p>
        </li>
      ))}
    </ol>
  );
}
