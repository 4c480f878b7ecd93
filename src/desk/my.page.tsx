import { Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';
import { ClaimTable } from './claim-table';
import type { MyClaims } from './my-claims.service';

/** /my: what this person holds, and what an editor sent back to them. */
export function MyPage({ ctx, mine }: { ctx: PageContext; mine: MyClaims }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('my.title')} live={{ everything: true }}>
      <h1>{t('my.title')}</h1>
      <section aria-labelledby="sent-back" data-live-region="my-sent-back">
        <h2 id="sent-back">{t('my.sentBack')}</h2>
        <ClaimTable ctx={ctx} caption={t('my.sentBack')} claims={mine.sentBack} />
      </section>
      <section aria-labelledby="holding" data-live-region="my-holding">
        <h2 id="holding">{t('my.holding')}</h2>
        <ClaimTable ctx={ctx} caption={t('my.holding')} claims={mine.holding} />
      </section>
    </Layout>
  );
}
