import type { VNode } from 'preact';
import { claimStatuses } from '../claims/claim-status';
import { Field, RefusalSummary, SafeLink } from '../web/form-fields';
import type { FormRefusal } from '../web/form';
import { CsrfInput, Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';
import type { Article } from './article.entity';
import type { ArticleStatus, ClaimStanding } from './article-status.service';
import { segmentBody, type Segment } from './article-marks';

type Props = {
  ctx: PageContext;
  article: Article;
  status: ArticleStatus;
  /** The counts panel: for the roles that read GET /articles/:id/status. */
  showCounts: boolean;
  /** The new-claim form, when the person may create claims; values and refusal after a refused post. */
  newClaim?: { values: Record<string, string>; refusal?: FormRefusal };
};

/** The article's text with every claim marked at its anchor, the claims in text order, and a form for a new one. */
export function ArticlePage({ ctx, article, status, showCounts, newClaim }: Props) {
  const { t, format } = ctx;
  return (
    <Layout ctx={ctx} title={article.title} live={{ articles: [article.id] }} scripts={newClaim ? ['/assets/select-claim.js'] : []}>
      <h1>{article.title}</h1>
      <p class="muted">
        {[article.publisher, article.publishedAt ? format.date(article.publishedAt) : null, article.language].filter(Boolean).join(' · ')}{' '}
        {article.url && <SafeLink href={article.url}>{t('article.source')}</SafeLink>}
      </p>
      <div class="article-layout">
        <section aria-labelledby="article-text-heading" class="article-text">
          <h2 id="article-text-heading" class="visually-hidden">
            {t('articles.field.body')}
          </h2>
          <div class="article-body" id="article-body" data-live-region="article-body">
            {segmentBody(article.body, status.claims.filter((claim) => claim.anchorStatus === 'anchored')).map((segment) => (
              <Marked segment={segment} ctx={ctx} />
            ))}
          </div>
          {newClaim && (
            <p>
              <button type="button" id="new-claim-from-selection" hidden data-select-first={t('article.newClaim.selectFirst')} data-filled={t('article.newClaim.filled', { quote: '{quote}' })}>
                {t('article.newClaim')}
              </button>
            </p>
          )}
        </section>
        <aside aria-labelledby="article-claims-heading" data-live-region="article-claims">
          {showCounts && (
            <>
              <h2>{t('article.status')}</h2>
              <ul class="counts">
                {claimStatuses.map((claimStatus) => (
                  <li>
                    <span class={`status status-${claimStatus}`}>{t(`status.${claimStatus}`)}</span> {format.number(status.countsByStatus[claimStatus])}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2 id="article-claims-heading">{t('article.claims')}</h2>
          {status.claims.length === 0 ? (
            <p>{t('article.noClaims')}</p>
          ) : (
            <ol class="claims">
              {status.claims.map((claim) => (
                <li>
                  <a href={`/claims/${claim.id}`}>{claim.quote}</a> <span class={`status status-${claim.status}`}>{t(`status.${claim.status}`)}</span>
                  {claim.anchorStatus === 'lost' && <span class="status anchor-lost">{t('claim.anchorLost')}</span>}
                </li>
              ))}
            </ol>
          )}
        </aside>
      </div>
      {newClaim && <NewClaimForm ctx={ctx} articleId={article.id} {...newClaim} />}
    </Layout>
  );
}

/** A run of text inside one mark per claim covering it, outermost first; marks never change the text itself. */
function Marked({ segment, ctx }: { segment: Segment<ClaimStanding>; ctx: PageContext }): VNode | string {
  return segment.covering.reduceRight<VNode | string>(
    (inner, claim) => (
      <mark data-claim-id={claim.id} class={`status-${claim.status}`} title={ctx.t('claim.markLabel', { status: ctx.t(`status.${claim.status}`) })}>
        {inner}
      </mark>
    ),
    segment.text,
  );
}

function NewClaimForm({ ctx, articleId, values, refusal }: { ctx: PageContext; articleId: string; values: Record<string, string>; refusal?: FormRefusal }) {
  const { t } = ctx;
  const invalid = (name: string) => (refusal?.fields[name]?.length ? 'true' : undefined);
  return (
    <section aria-labelledby="new-claim-heading" id="new-claim">
      <h2 id="new-claim-heading">{t('article.newClaim')}</h2>
      <p class="muted" id="new-claim-hint">
        {t('article.newClaim.hint')}
      </p>
      <p id="new-claim-status" role="status" aria-live="polite"></p>
      <RefusalSummary ctx={ctx} refusal={refusal} />
      <form method="post" action={`/articles/${articleId}/claims`} class="stack" id="new-claim-form">
        <CsrfInput ctx={ctx} />
        <Field name="quote" label={t('claim.field.quote')} refusal={refusal}>
          {(describedBy) => (
            <textarea id="quote" name="quote" required rows={3} maxlength={10000} aria-describedby={describedBy} aria-invalid={invalid('quote')}>
              {values.quote}
            </textarea>
          )}
        </Field>
        <details open={Boolean(values.start || values.end || refusal?.fields.start || refusal?.fields.end)}>
          <summary>{t('article.offsets')}</summary>
          <div class="row">
            {(['start', 'end'] as const).map((name) => (
              <Field name={name} label={t(`claim.field.${name}`)} refusal={refusal}>
                {(describedBy) => (
                  <input id={name} name={name} inputmode="numeric" pattern="[0-9]*" size={8} value={values[name]} aria-describedby={describedBy} aria-invalid={invalid(name)} />
                )}
              </Field>
            ))}
          </div>
        </details>
        <Field name="claimant" label={t('claim.field.claimant')} refusal={refusal}>
          {(describedBy) => <input id="claimant" name="claimant" required maxlength={300} value={values.claimant} aria-describedby={describedBy} aria-invalid={invalid('claimant')} />}
        </Field>
        <Field name="summary" label={t('claim.field.summary')} refusal={refusal}>
          {(describedBy) => <input id="summary" name="summary" maxlength={280} value={values.summary} aria-describedby={describedBy} aria-invalid={invalid('summary')} />}
        </Field>
        <div>
          <button type="submit">{t('article.newClaim.submit')}</button>
        </div>
      </form>
    </section>
  );
}
