import { Layout } from './layout';
import type { PageContext } from './page-context';
import type { ActiveSession } from './sessions.service';

export function AccountPage({ ctx, session }: { ctx: PageContext; session: ActiveSession }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      <p>{t('nav.signedInAs', { name: session.person.name, role: t(`role.${session.person.role}`) })}</p>
      <p>{t('account.sessionStarted', { date: ctx.format.dateTime(session.createdAt) })}</p>
    </Layout>
  );
}
