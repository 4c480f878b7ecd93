import { describedBy, FieldMessage, type FieldErrors } from '../password-links/password-fields';
import { CsrfInput, Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';
import { roles } from './role';
import type { User } from './user.entity';

type PeopleProps = { ctx: PageContext; people: User[]; draft?: { name: string; role: string }; errors?: FieldErrors };

/** Every person, with what an admin can do to each; and the form to add one. */
export function PeoplePage({ ctx, people, draft, errors = {} }: PeopleProps) {
  const { t, format } = ctx;
  return (
    <Layout ctx={ctx} title={t('people.title')}>
      <h1>{t('people.title')}</h1>
      <div class="table-scroll">
        <table class="people">
          <caption>{t('people.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('people.name')}</th>
              <th scope="col">{t('people.role')}</th>
              <th scope="col">{t('people.state')}</th>
              <th scope="col">{t('people.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr>
                <th scope="row">
                  {person.name} {person.id === ctx.person?.id && <span class="muted">{t('people.you')}</span>}
                </th>
                <td>{t(`role.${person.role}`)}</td>
                <td>
                  {person.disabledAt ? t('people.disabled', { date: format.dateTime(person.disabledAt) }) : t('people.enabled')}
                  <br />
                  <span class="muted">
                    {person.passwordChangedAt ? t('people.passwordSet', { date: format.dateTime(person.passwordChangedAt) }) : t('people.noPassword')}
                  </span>
                </td>
                <td>
                  <div class="actions">
                  {!person.disabledAt && <PersonAction ctx={ctx} action={`/admin/people/${person.id}/password-link`} label={t('people.makeLink', { name: person.name })} />}
                  {person.disabledAt ? (
                    <PersonAction ctx={ctx} action={`/admin/people/${person.id}/enable`} label={t('people.enable', { name: person.name })} secondary />
                  ) : (
                    <PersonAction ctx={ctx} action={`/admin/people/${person.id}/disable`} label={t('people.disable', { name: person.name })} secondary />
                  )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="add-person">{t('people.create')}</h2>
      <form method="post" action="/admin/people" class="stack narrow" aria-labelledby="add-person">
        <CsrfInput ctx={ctx} />
        <label for="name">{t('people.name')}</label>
        <input
          id="name" name="name" required maxlength={100} value={draft?.name} autocomplete="off"
          aria-invalid={errors.name ? 'true' : undefined} aria-describedby={describedBy('name', errors)}
        />
        <FieldMessage id="name" message={errors.name} />
        <label for="role">{t('people.role')}</label>
        <select id="role" name="role" aria-invalid={errors.role ? 'true' : undefined} aria-describedby={describedBy('role', errors)}>
          {roles.map((role) => (
            <option value={role} selected={draft?.role === role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
        <FieldMessage id="role" message={errors.role} />
        <button type="submit">{t('people.createSubmit')}</button>
      </form>
    </Layout>
  );
}

/** One button, one form: works without JavaScript and names the person it acts on. */
function PersonAction({ ctx, action, label, secondary }: { ctx: PageContext; action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfInput ctx={ctx} />
      <button type="submit" class={secondary ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
}
