import { Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';
import type { Desk } from './desk.service';
import { ClaimTable } from './claim-table';

export type DeskFilters = { articleId?: string; assigneeId?: string; claimant?: string; staleDays: number };

/** /desk: the same sections as GET /api/v1/desk, each a live region refreshed when any claim moves. */
export function DeskPage({ ctx, desk, filters, limit }: { ctx: PageContext; desk: Desk; filters: DeskFilters; limit: number }) {
  const { t } = ctx;
  const inProgress = desk.inProgressByAssignee.items.flatMap((group) => group.claims);
  return (
    <Layout ctx={ctx} title={t('desk.title')} live={{ everything: true }}>
      <h1>{t('desk.title')}</h1>
      <form method="get" action="/desk" class="filters" aria-label={t('desk.filters')}>
        <label>
          {t('desk.filter.claimant')}
          <input name="claimant" value={filters.claimant ?? ''} maxLength={300} />
        </label>
        <label>
          {t('desk.filter.articleId')}
          <input name="articleId" value={filters.articleId ?? ''} maxLength={36} />
        </label>
        <label>
          {t('desk.filter.assigneeId')}
          <input name="assigneeId" value={filters.assigneeId ?? ''} maxLength={36} />
        </label>
        <label>
          {t('desk.filter.staleDays')}
          <input name="staleDays" type="number" min={1} max={365} value={String(filters.staleDays)} />
        </label>
        <button type="submit">{t('desk.filter.apply')}</button>
      </form>
      <section aria-labelledby="review-queue" data-live-region="desk-review-queue">
        <h2 id="review-queue">{t('desk.reviewQueue')}</h2>
        <ClaimTable ctx={ctx} caption={t('desk.reviewQueue')} claims={desk.reviewQueue.slice(0, limit)} showAssignee />
      </section>
      <section aria-labelledby="in-progress" data-live-region="desk-in-progress">
        <h2 id="in-progress">{t('desk.inProgress')}</h2>
        <ClaimTable ctx={ctx} caption={t('desk.inProgress')} claims={inProgress} showAssignee />
      </section>
      <section aria-labelledby="stale" data-live-region="desk-stale">
        <h2 id="stale">{t('desk.stale', { days: desk.staleDays })}</h2>
        <ClaimTable ctx={ctx} caption={t('desk.stale', { days: desk.staleDays })} claims={desk.stale.items} showAssignee />
      </section>
      <section aria-labelledby="published-today" data-live-region="desk-published-today">
        <h2 id="published-today">{t('desk.publishedToday')}</h2>
        <ClaimTable ctx={ctx} caption={t('desk.publishedToday')} claims={desk.publishedToday.items} />
      </section>
      {desk.articleChangedSincePublication.items.length > 0 && (
        <section aria-labelledby="article-changed" data-live-region="desk-article-changed">
          <h2 id="article-changed">{t('desk.articleChanged')}</h2>
          <ClaimTable ctx={ctx} caption={t('desk.articleChanged')} claims={desk.articleChangedSincePublication.items} />
        </section>
      )}
    </Layout>
  );
}
