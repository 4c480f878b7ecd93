import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { AccountPage } from './account.page';
import { verifyCsrfToken } from './csrf';
import { isLanguage } from './i18n/i18n';
import { LoginPage } from './login.page';
import { languageCookie, pageContext } from './page-context';
import { sendPage } from './render';
import { clearSessionCookie, landingFor, requireSignIn, safeReturnPath, sessionOf, setSessionCookie } from './session';
import { endSession } from './sessions.service';
import { signIn } from './sign-in.service';
import { signInThrottle } from './sign-in-throttle';
import { serialize } from 'cookie';

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

/** Signing in and out, the person's own account page, and the language switch. */
export function sessionRoutes(db: DataSource, config: Config): Router {
  const router = Router();
  const throttle = signInThrottle(config, db);

  router.get('/login', (req, res) => {
    if (req.webSession) {
      res.redirect(303, safeReturnPath(req.query.next) ?? landingFor(req.webSession.person.role));
      return;
    }
    sendPage(res, <LoginPage ctx={pageContext(req, config)} next={safeReturnPath(req.query.next)} />);
  });

  router.post('/login', async (req, res) => {
    const name = field(req.body, 'name');
    const next = safeReturnPath(field(req.body, 'next'));
    const waitSeconds = await throttle.attempt(req, name);
    if (waitSeconds > 0) {
      res.setHeader('Retry-After', String(waitSeconds));
      const minutes = Math.ceil(waitSeconds / 60);
      sendPage(res, <LoginPage ctx={pageContext(req, config)} next={next} name={name.slice(0, 100)} throttledMinutes={minutes} />, 429);
      return;
    }
    const signedIn = await signIn(db.manager, { name, password: field(req.body, 'password'), previousSessionId: req.webSession?.id }, config.session);
    if (!signedIn) {
      sendPage(res, <LoginPage ctx={pageContext(req, config)} next={next} name={name.slice(0, 100)} failed />, 401);
      return;
    }
    await throttle.succeeded(name);
    setSessionCookie(res, config, signedIn.secret);
    res.redirect(303, next ?? landingFor(signedIn.user.role));
  });

  router.post('/logout', verifyCsrfToken, async (req, res) => {
    if (req.webSession) await endSession(db.manager, req.webSession.id, 'signed-out');
    clearSessionCookie(res, config);
    res.redirect(303, '/');
  });

  router.get('/account', requireSignIn(), (req, res) => {
    sendPage(res, <AccountPage ctx={pageContext(req, config)} session={sessionOf(req)} />);
  });

  // A link, not a form: switching language changes nothing but this browser's cookie.
  router.get('/language', (req, res) => {
    const lang = req.query.lang;
    if (isLanguage(lang)) {
      res.append('Set-Cookie', serialize(languageCookie, lang, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 }));
    }
    res.redirect(303, safeReturnPath(req.query.back) ?? '/');
  });

  return router;
}
