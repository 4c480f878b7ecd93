import { Layout } from './layout';
import type { PageContext } from './page-context';

type LoginProps = { ctx: PageContext; next?: string; name?: string; failed?: boolean; throttledMinutes?: number };

export function LoginPage({ ctx, next, name, failed, throttledMinutes }: LoginProps) {
  const { t } = ctx;
  const alert = throttledMinutes ? t('login.throttled', { minutes: ctx.format.number(throttledMinutes) }) : failed ? t('login.failed') : undefined;
  return (
    <Layout ctx={ctx} title={t('login.title')}>
      <h1>{t('login.title')}</h1>
      {alert && (
        <p class="error" role="alert" id="login-error">
          {alert}
        </p>
      )}
      <form method="post" action="/login" class="stack narrow">
        {next && <input type="hidden" name="next" value={next} />}
        <label for="name">{t('login.name')}</label>
        <input id="name" name="name" autocomplete="username" required maxlength={100} value={name} aria-describedby={alert ? 'login-error' : undefined} />
        <label for="password">{t('login.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={200} />
        <button type="submit">{t('login.submit')}</button>
      </form>
    </Layout>
  );
}
