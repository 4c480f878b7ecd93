import { Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';
import { describedBy, FieldMessage, NewPasswordFields, type FieldErrors } from './password-fields';

type SetupProps = { ctx: PageContext; token: string; name?: string; errors?: FieldErrors };

/** The first-run form: the first admin's name and password. The link's token rides along as a hidden field. */
export function SetupPage({ ctx, token, name, errors = {} }: SetupProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('setup.title')}>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form method="post" action="/setup" class="stack narrow">
        <input type="hidden" name="token" value={token} />
        <label for="name">{t('setup.name')}</label>
        <input
          id="name" name="name" autocomplete="username" required maxlength={100} value={name}
          aria-invalid={errors.name ? 'true' : undefined} aria-describedby={describedBy('name', errors)}
        />
        <FieldMessage id="name" message={errors.name} />
        <NewPasswordFields ctx={ctx} errors={errors} />
        <button type="submit">{t('setup.submit')}</button>
      </form>
    </Layout>
  );
}
