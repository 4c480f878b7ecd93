import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { Problem } from '../errors/problem';
import { parseBody } from '../http/validation';
import { CreateUserDto } from '../users/users.dto';
import type { User } from '../users/user.entity';
import { pageContext } from '../web/page-context';
import { hashPassword } from '../web/passwords';
import { sendPage } from '../web/render';
import { landingFor, PageRefusal, setSessionCookie } from '../web/session';
import { endSession, startSession } from '../web/sessions.service';
import { checkNewPassword, fieldErrorsOf, type FieldErrors } from './password-fields';
import { adminExists, completeSetPassword, completeSetup, findOpenLink, personOfLink } from './password-links.service';
import { SetPasswordPage } from './set-password.page';
import { SetupPage } from './setup.page';

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

/** Once there is an admin, /setup is not there, whatever the token. */
async function openSetupToken(db: DataSource, token: unknown): Promise<string> {
  if (!(await adminExists(db.manager)) && (await findOpenLink(db.manager, 'setup', token))) return token as string;
  throw new PageRefusal(404, 'not-found');
}

/** A field error (422) shows beside its field; anything else goes to the page error handler. */
function fieldErrors(error: unknown): FieldErrors {
  if (error instanceof Problem && error.slug === 'validation-failed') return fieldErrorsOf(error.toDocument().errors);
  if (error instanceof Problem && error.slug === 'duplicate-user') return { name: error.message };
  throw error;
}

/** The person is signed in at once, in a new session; a session the browser had (someone else's) ends. */
async function signInAs(db: DataSource, config: Config, req: Request, res: Response, user: Pick<User, 'id' | 'role'>): Promise<void> {
  if (req.webSession) await endSession(db.manager, req.webSession.id, 'signed-in-again');
  const { secret } = await startSession(db.manager, user.id, config.session);
  setSessionCookie(res, config, secret);
  res.redirect(303, landingFor(user.role));
}

/** The first-run setup page and the set-password page: each opened by a one-time link, no session needed. */
export function passwordLinkPages(db: DataSource, config: Config): Router {
  const router = Router();

  router.get('/setup', async (req, res) => {
    const token = await openSetupToken(db, req.query.token);
    sendPage(res, <SetupPage ctx={pageContext(req, config)} token={token} />);
  });

  router.post('/setup', async (req, res) => {
    const token = await openSetupToken(db, field(req.body, 'token'));
    const ctx = pageContext(req, config);
    const name = field(req.body, 'name');
    let admin: User;
    try {
      const input = await parseBody(CreateUserDto, { name, role: 'admin' });
      checkNewPassword(field(req.body, 'password'), field(req.body, 'passwordAgain'), ctx);
      admin = await completeSetup(db.manager, token, input, await hashPassword(field(req.body, 'password')));
    } catch (error) {
      sendPage(res, <SetupPage ctx={ctx} token={token} name={name.slice(0, 100)} errors={fieldErrors(error)} />, 422);
      return;
    }
    await signInAs(db, config, req, res, admin);
  });

  router.get('/password', async (req, res) => {
    const { token, person } = await openSetPasswordLink(db, req.query.token);
    sendPage(res, <SetPasswordPage ctx={pageContext(req, config)} token={token} name={person.name} />);
  });

  router.post('/password', async (req, res) => {
    const { token, person } = await openSetPasswordLink(db, field(req.body, 'token'));
    const ctx = pageContext(req, config);
    try {
      checkNewPassword(field(req.body, 'password'), field(req.body, 'passwordAgain'), ctx);
    } catch (error) {
      sendPage(res, <SetPasswordPage ctx={ctx} token={token} name={person.name} errors={fieldErrors(error)} />, 422);
      return;
    }
    const user = await completeSetPassword(db.manager, token, await hashPassword(field(req.body, 'password')));
    await signInAs(db, config, req, res, user);
  });

  return router;
}

async function openSetPasswordLink(db: DataSource, token: unknown): Promise<{ token: string; person: User }> {
  const link = await findOpenLink(db.manager, 'set-password', token);
  const person = link && (await personOfLink(db.manager, link));
  if (!person || person.disabledAt) throw new PageRefusal(404, 'not-found');
  return { token: token as string, person };
}
