import type { SourceKind } from '../claims/source-kind';
import type { Stance } from '../evidence/stance';
import { JsonLd } from '../web/json-ld';
import { Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';
import { webHref } from '../web/web-href';
import type { FactCheckPageView } from './fact-check-page.presenter';
import { shortClaim } from './short-claim';

/** A link when the URL is a web address, else the text alone. */
function MaybeLink({ href, children }: { href: string | null | undefined; children: string }) {
  const safe = webHref(href);
  return safe ? <a href={safe}>{children}</a> : <>{children}</>;
}

/** GET /fact-checks/:id as HTML: the published record, for anyone, with its ClaimReview for search engines. */
export function FactCheckPage({ ctx, view }: { ctx: PageContext; view: FactCheckPageView }) {
  const { t, format } = ctx;
  const { claim, article, verdict } = view;
  const said = claim.summary ?? claim.quote;
  const title = shortClaim(said);
  const description = shortClaim(`${verdict.label}: ${verdict.rationale}`, 200);
  return (
    <Layout
      ctx={ctx}
      isPublic
      title={title}
      meta={{ description, canonical: view.url, openGraph: { type: 'article', url: view.url, title: `${verdict.label}: ${title}`, description } }}
      head={<JsonLd data={view.claimReview} />}
    >
      <article class="fact-check" aria-labelledby="fact-check-title">
        <h1 id="fact-check-title">{said}</h1>
        <p class="verdict-badge">
          <span class="muted">{t('public.factCheck.rating')}: </span>
          <strong>{verdict.label}</strong>
        </p>

        <section aria-labelledby="claim-heading">
          <h2 id="claim-heading">{t('public.factCheck.claim')}</h2>
          <figure class="quote">
            <blockquote lang={claim.language} cite={webHref(article.url)}>
              <p>{claim.quote}</p>
            </blockquote>
            <figcaption>
              <dl class="facts">
                <dt>{t('public.factCheck.claimant')}</dt>
                <dd>{claim.claimant}</dd>
                {claim.claimDate && (
                  <>
                    <dt>{t('public.factCheck.claimDate')}</dt>
                    <dd>{format.date(`${claim.claimDate}T12:00:00Z`)}</dd>
                  </>
                )}
                <dt>{t('public.factCheck.quotedIn')}</dt>
                <dd>
                  <cite>
                    <MaybeLink href={article.url}>{article.title}</MaybeLink>
                  </cite>
                  {article.publisher && <> {t('public.factCheck.publishedBy', { publisher: article.publisher })}</>}
                  {article.publishedAt && <> {t('public.factCheck.publishedOn', { date: format.date(article.publishedAt) })}</>}
                </dd>
              </dl>
            </figcaption>
          </figure>
        </section>

        <section aria-labelledby="chain-heading">
          <h2 id="chain-heading">{t('public.factCheck.chain')}</h2>
          <p class="muted">{t('public.factCheck.chainIntro')}</p>
          <ol class="chain">
            {claim.sources.map((source) => (
              <li>
                <MaybeLink href={source.url}>{source.name}</MaybeLink> <span class="muted">({t(`public.sourceKind.${source.kind as SourceKind}`)})</span>
                {source.note && <p class="note">{source.note}</p>}
              </li>
            ))}
            <li>{t('public.factCheck.chainArticle', { title: article.title })}</li>
          </ol>
        </section>

        <section aria-labelledby="verdict-heading">
          <h2 id="verdict-heading">{t('public.factCheck.verdict')}</h2>
          <dl class="facts">
            <dt>{t('public.factCheck.rating')}</dt>
            <dd>
              <strong>{verdict.label}</strong>
            </dd>
            {view.ratingDefinition && (
              <>
                <dt>{t('public.factCheck.ratingMeans')}</dt>
                <dd>{view.ratingDefinition}</dd>
              </>
            )}
          </dl>
          <h3>{t('public.factCheck.rationale')}</h3>
          <p class="rationale">{verdict.rationale}</p>
        </section>

        <section aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{t('public.factCheck.evidence')}</h2>
          {view.evidence.length === 0 ? (
            <p>{t('public.factCheck.noEvidence')}</p>
          ) : (
            <ul class="evidence">
              {view.evidence.map((evidence) => (
                <li>
                  <p>
                    <MaybeLink href={evidence.url}>{evidence.title ?? t('public.factCheck.untitled')}</MaybeLink>
                    {evidence.publisher && <span class="muted"> — {evidence.publisher}</span>}
                  </p>
                  <p>
                    <span class={`stance stance-${evidence.stance}`}>{t(`public.stance.${evidence.stance as Stance}`)}</span>{' '}
                    <span class="muted">{t('public.factCheck.accessed', { date: format.date(evidence.accessedAt) })}</span>
                    {webHref(evidence.archiveUrl) && (
                      <>
                        {' · '}
                        <a href={webHref(evidence.archiveUrl)}>{t('public.factCheck.archived')}</a>
                      </>
                    )}
                  </p>
                  {evidence.excerpt && <blockquote class="excerpt">{evidence.excerpt}</blockquote>}
                  {evidence.note && <p class="note">{evidence.note}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="people-heading">
          <h2 id="people-heading">{t('public.factCheck.people')}</h2>
          <dl class="facts">
            {view.proposedBy && (
              <>
                <dt>{t('public.factCheck.proposedBy')}</dt>
                <dd>{view.proposedBy}</dd>
              </>
            )}
            {view.approvedBy && (
              <>
                <dt>{t('public.factCheck.approvedBy')}</dt>
                <dd>{view.approvedBy}</dd>
              </>
            )}
            <dt>{t('public.factCheck.firstPublished')}</dt>
            <dd>
              <time dateTime={view.datePublished}>{format.dateTime(view.datePublished)}</time>
            </dd>
            <dt>{t('public.factCheck.lastUpdated')}</dt>
            <dd>
              <time dateTime={view.dateModified}>{format.dateTime(view.dateModified)}</time>
            </dd>
          </dl>
        </section>

        <section aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">{t('public.factCheck.corrections')}</h2>
          {view.corrections.length === 0 ? (
            <p>{t('public.factCheck.noCorrections')}</p>
          ) : (
            <ol class="corrections">
              {view.corrections.map((correction) => (
                <li>
                  <p>
                    <strong>
                      <time dateTime={correction.date}>{t('public.factCheck.corrected', { date: format.dateTime(correction.date) })}</time>
                    </strong>
                  </p>
                  {correction.note && <p class="note">{correction.note}</p>}
                  <p class="muted">{t('public.factCheck.previousRating', { rating: correction.previousRatingLabel })}</p>
                  <p class="muted">{t('public.factCheck.previousRationale', { rationale: correction.previousRationale })}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
      </article>
    </Layout>
  );
}

/** The one page a draft, an unknown id and an unreadable id all get: it names nothing, so nothing can be told apart. */
export function FactCheckNotFoundPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} isPublic title={t('public.notFound.title')}>
      <h1>{t('public.notFound.title')}</h1>
      <p>{t('public.notFound.body')}</p>
      <p>
        <a href="/">{t('public.notFound.back')}</a>
      </p>
    </Layout>
  );
}
