import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { Problem } from '../errors/problem';
import { requireId } from '../http/ids';
import { parseBody } from '../http/validation';
import { fieldErrorsOf } from '../password-links/password-fields';
import { issueSetPasswordLink, linkPath } from '../password-links/password-links.service';
import { verifyCsrfToken } from '../web/csrf';
import { pageContext } from '../web/page-context';
import { sendPage } from '../web/render';
import { requireSignIn, sessionOf } from '../web/session';
import { PasswordLinkIssuedPage } from './password-link-issued.page';
import { PeoplePage } from './people.page';
import type { User } from './user.entity';
import { CreateUserDto } from './users.dto';
import { disableUser, enableUser, getUser, insertUser, listUsers } from './users.service';

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

/**
 * /admin/people: the admins' page for people, on the API's services. A new link is shown on the page
 * the post answers (200), not after a redirect: its secret must not travel in a URL.
 */
export function usersPages(db: DataSource, config: Config, siteFor: (req: Request) => { baseUrl: string }): Router {
  const router = Router();
  router.use('/admin', requireSignIn('admin'), verifyCsrfToken);

  router.get('/admin', (_req, res) => res.redirect(303, '/admin/people'));

  router.get('/admin/people', async (req, res) => {
    sendPage(res, <PeoplePage ctx={pageContext(req, config)} people={await listUsers(db.manager)} />);
  });

  router.post('/admin/people', async (req, res) => {
    const draft = { name: field(req.body, 'name').slice(0, 100), role: field(req.body, 'role') };
    let person: User;
    try {
      const input = await parseBody(CreateUserDto, { name: field(req.body, 'name'), role: draft.role });
      person = await db.manager.transaction((transaction) => insertUser(transaction, input));
    } catch (error) {
      const errors = error instanceof Problem && error.slug === 'duplicate-user' ? { name: error.message } : fieldErrorsOrThrow(error);
      const status = (error as Problem).status;
      sendPage(res, <PeoplePage ctx={pageContext(req, config)} people={await listUsers(db.manager)} draft={draft} errors={errors} />, status);
      return;
    }
    await sendIssuedLink(req, res, person.id, person.name);
  });

  router.post('/admin/people/:id/password-link', async (req, res) => {
    const person = await getUser(db.manager, requireId(req.params.id, 'user'));
    await sendIssuedLink(req, res, person.id, person.name);
  });

  router.post('/admin/people/:id/disable', async (req, res) => {
    await disableUser(db.manager, requireId(req.params.id, 'user'));
    res.redirect(303, '/admin/people');
  });

  router.post('/admin/people/:id/enable', async (req, res) => {
    await enableUser(db.manager, requireId(req.params.id, 'user'));
    res.redirect(303, '/admin/people');
  });

  async function sendIssuedLink(req: Request, res: Response, userId: string, name: string): Promise<void> {
    const { secret, expiresAt } = await issueSetPasswordLink(db.manager, userId, sessionOf(req).person.id);
    const url = `${siteFor(req).baseUrl}${linkPath('set-password', secret)}`;
    sendPage(res, <PasswordLinkIssuedPage ctx={pageContext(req, config)} name={name} url={url} expiresAt={expiresAt} />);
  }

  return router;
}

function fieldErrorsOrThrow(error: unknown) {
  if (error instanceof Problem && error.slug === 'validation-failed') return fieldErrorsOf(error.toDocument().errors);
  throw error;
}
