import { Field, RefusalSummary } from '../web/form-fields';
import type { FormRefusal } from '../web/form';
import { CsrfInput, Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';

type Props = { ctx: PageContext; values?: Record<string, string>; refusal?: FormRefusal };

/** A new article: the same fields as POST /api/v1/articles. */
export function ArticleNewPage({ ctx, values = {}, refusal }: Props) {
  const { t } = ctx;
  const text = (name: string, label: string, options: { required?: boolean; maxlength: number; url?: boolean }) => (
    <Field name={name} label={label} refusal={refusal}>
      {(describedBy, invalid) => (
        <input
          id={name}
          name={name}
          inputmode={options.url ? 'url' : undefined}
          value={values[name]}
          required={options.required}
          maxlength={options.maxlength}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
          autocomplete="off"
        />
      )}
    </Field>
  );
  return (
    <Layout ctx={ctx} title={t('articles.new.title')}>
      <h1>{t('articles.new.title')}</h1>
      <RefusalSummary ctx={ctx} refusal={refusal} />
      <form method="post" action="/articles" class="stack">
        <CsrfInput ctx={ctx} />
        {text('title', t('articles.field.title'), { required: true, maxlength: 500 })}
        {text('url', t('articles.field.url'), { maxlength: 2048, url: true })}
        {text('publisher', t('articles.field.publisher'), { maxlength: 200 })}
        {text('language', t('articles.field.language'), { required: true, maxlength: 35 })}
        {text('publishedAt', t('articles.field.publishedAt'), { maxlength: 40 })}
        <Field name="body" label={t('articles.field.body')} refusal={refusal}>
          {(describedBy, invalid) => (
            <textarea id="body" name="body" required rows={16} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined}>
              {values.body}
            </textarea>
          )}
        </Field>
        <div>
          <button type="submit">{t('articles.new.submit')}</button>
        </div>
      </form>
    </Layout>
  );
}
