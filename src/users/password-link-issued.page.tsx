import { Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';

type IssuedProps = { ctx: PageContext; name: string; url: string; expiresAt: Date };

/** The link, shown this once (only its hash is kept), for the admin to pass on. */
export function PasswordLinkIssuedPage({ ctx, name, url, expiresAt }: IssuedProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('people.linkTitle', { name })}>
      <h1>{t('people.linkTitle', { name })}</h1>
      <p class="success">{t('people.linkIntro', { name, date: ctx.format.dateTime(expiresAt) })}</p>
      <label for="link">{t('people.linkLabel')}</label>
      <input id="link" class="link-output" readonly value={url} />
      <p>
        <a href="/admin/people">{t('people.back')}</a>
      </p>
    </Layout>
  );
}
