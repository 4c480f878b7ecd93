import { Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';
import { NewPasswordFields, type FieldErrors } from './password-fields';

type SetPasswordProps = { ctx: PageContext; token: string; name: string; errors?: FieldErrors };

/** A person's own password, from the one-time link an admin gave them. */
export function SetPasswordPage({ ctx, token, name, errors = {} }: SetPasswordProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('setPassword.title')}>
      <h1>{t('setPassword.title')}</h1>
      <p>{t('setPassword.intro', { name })}</p>
      <form method="post" action="/password" class="stack narrow">
        <input type="hidden" name="token" value={token} />
        {/* Lets a password manager file the new password under the right name. */}
        <input type="text" name="username" value={name} autocomplete="username" hidden readonly aria-hidden="true" tabindex={-1} />
        <NewPasswordFields ctx={ctx} errors={errors} />
        <button type="submit">{t('setPassword.submit')}</button>
      </form>
    </Layout>
  );
}
