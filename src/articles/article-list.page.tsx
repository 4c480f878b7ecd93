import type { Article } from './article.entity';
import { Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';

type Props = { ctx: PageContext; articles: Article[]; q: string | undefined; nextCursor: string | null };

export function ArticleListPage({ ctx, articles, q, nextCursor }: Props) {
  const { t, format } = ctx;
  const next = nextCursor ? `/articles?${new URLSearchParams({ ...(q ? { q } : {}), cursor: nextCursor })}` : undefined;
  return (
    <Layout ctx={ctx} title={t('articles.title')}>
      <h1>{t('articles.title')}</h1>
      <p>
        <a class="button" href="/articles/new">
          {t('articles.new')}
        </a>
      </p>
      <form method="get" action="/articles" role="search" class="row">
        <label for="q">{t('articles.search')}</label>
        <input id="q" name="q" type="search" value={q} maxlength={200} />
        <button type="submit">{t('articles.searchSubmit')}</button>
      </form>
      {articles.length === 0 ? (
        <p>{t('articles.none')}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('articles.column.title')}</th>
                <th scope="col">{t('articles.column.publisher')}</th>
                <th scope="col">{t('articles.column.language')}</th>
                <th scope="col">{t('articles.column.published')}</th>
              </tr>
            </thead>
            <tbody>
              {articles.map((article) => (
                <tr>
                  <td>
                    <a href={`/articles/${article.id}`}>{article.title}</a>
                  </td>
                  <td>{article.publisher ?? ''}</td>
                  <td>{article.language}</td>
                  <td>{article.publishedAt ? format.date(article.publishedAt) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <p>
          <a href={next} rel="next">
            {t('articles.next')}
          </a>
        </p>
      )}
    </Layout>
  );
}
