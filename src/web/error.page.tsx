import { Layout } from './layout';
import type { MessageKey } from './i18n/i18n';
import type { PageContext } from './page-context';

/** A refusal or a failure, as a page in the person's language. `detail` is the Problem's own text. */
export function ErrorPage({ ctx, title, body, detail }: { ctx: PageContext; title: MessageKey; body: MessageKey; detail?: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t(title)}>
      <h1>{ctx.t(title)}</h1>
      <p>{ctx.t(body, { detail: detail ?? '' })}</p>
    </Layout>
  );
}
