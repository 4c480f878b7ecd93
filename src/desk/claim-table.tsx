import type { PageContext } from '../web/page-context';
import type { ClaimStatus } from '../claims/claim-status';

/** A claim as a desk or "my" table row shows it. */
export type ClaimRow = {
  id: string;
  article: { id: string; title: string };
  quote: string;
  claimant: string;
  status: ClaimStatus;
  assignee?: { name: string } | null;
  lastChange: { at: Date } | null;
};

/** A table of claims with links to each claim and its article; an empty one says so. */
export function ClaimTable({ ctx, caption, claims, showAssignee = false }: { ctx: PageContext; caption: string; claims: readonly ClaimRow[]; showAssignee?: boolean }) {
  const { t, format } = ctx;
  if (claims.length === 0) return <p class="empty">{t('desk.none')}</p>;
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('desk.column.claim')}</th>
            <th scope="col">{t('desk.column.article')}</th>
            <th scope="col">{t('desk.column.status')}</th>
            {showAssignee && <th scope="col">{t('desk.column.assignee')}</th>}
            <th scope="col">{t('desk.column.lastChange')}</th>
          </tr>
        </thead>
        <tbody>
          {claims.map((claim) => (
            <tr>
              <td>
                <a href={`/claims/${claim.id}`}>{claim.quote}</a> <span class="claimant">— {claim.claimant}</span>
              </td>
              <td>
                <a href={`/articles/${claim.article.id}`}>{claim.article.title}</a>
              </td>
              <td>
                <span class={`status status-${claim.status}`}>{t(`status.${claim.status}`)}</span>
              </td>
              {showAssignee && <td>{claim.assignee?.name ?? t('desk.unassigned')}</td>}
              <td>{claim.lastChange ? format.dateTime(claim.lastChange.at) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
