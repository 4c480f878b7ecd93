import { Router, type Request } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, actorTokenId, admins, allow, readers } from '../auth/authenticate';
import { requireId } from '../http/ids';
import { parseBody } from '../http/validation';
import { issueSetPasswordLink, linkPath } from '../password-links/password-links.service';
import { presentIssuedToken, presentMe, presentToken, presentUser } from './user.presenter';
import { CreateTokenDto, CreateUserDto } from './users.dto';
import {
  createUserAsAdmin,
  disableUser,
  enableUser,
  endSessionsOfUser,
  getOwnToken,
  getUser,
  issueFirstToken,
  issueOwnToken,
  listTokens,
  listUsers,
  revokeOwnToken,
  revokeToken,
} from './users.service';

/** People and their tokens: admins only, except /me, where each person manages their own tokens. */
export function usersRouter(db: DataSource, siteFor: (req: Request) => { baseUrl: string }): Router {
  const router = Router();

  router.get('/me', allow(...readers), async (req, res) => {
    const actor = actorOf(req);
    res.json(presentMe(actor, await getOwnToken(db.manager, actor, actorTokenId(actor))));
  });

  router.get('/me/tokens', allow(...readers), async (req, res) => {
    res.json({ items: (await listTokens(db.manager, actorOf(req).id)).map(presentToken) });
  });

  router.post('/me/tokens', allow(...readers), async (req, res) => {
    const { label } = await parseBody(CreateTokenDto, req.body ?? {});
    res.status(201).json(presentIssuedToken(await issueOwnToken(db.manager, actorOf(req), label ?? null)));
  });

  router.post('/me/tokens/:id/revoke', allow(...readers), async (req, res) => {
    res.json(presentToken(await revokeOwnToken(db.manager, actorOf(req), requireId(req.params.id, 'token'))));
  });

  router.get('/users', allow(...admins), async (_req, res) => {
    res.json({ items: (await listUsers(db.manager)).map(presentUser) });
  });

  router.post('/users', allow(...admins), async (req, res) => {
    const input = await parseBody(CreateUserDto, req.body);
    const { user, ...issued } = await createUserAsAdmin(db.manager, input, actorOf(req));
    res.status(201).location(`/api/v1/users/${user.id}`).json({ user: presentUser(user), token: presentIssuedToken(issued) });
  });

  /** Where POST /users points its Location header. */
  router.get('/users/:id', allow(...admins), async (req, res) => {
    res.json(presentUser(await getUser(db.manager, requireId(req.params.id, 'user'))));
  });

  router.get('/users/:id/tokens', allow(...admins), async (req, res) => {
    const user = await getUser(db.manager, requireId(req.params.id, 'user'));
    res.json({ items: (await listTokens(db.manager, user.id)).map(presentToken) });
  });

  router.post('/users/:id/tokens', allow(...admins), async (req, res) => {
    const userId = requireId(req.params.id, 'user');
    const { label } = await parseBody(CreateTokenDto, req.body ?? {});
    res.status(201).json(presentIssuedToken(await issueFirstToken(db.manager, userId, label ?? null, actorOf(req))));
  });

  router.post('/users/:id/password-link', allow(...admins), async (req, res) => {
    const { secret, expiresAt } = await issueSetPasswordLink(db.manager, requireId(req.params.id, 'user'), actorOf(req).id);
    res.status(201).json({ url: `${siteFor(req).baseUrl}${linkPath('set-password', secret)}`, expiresAt: expiresAt.toISOString() });
  });

  router.post('/users/:id/disable', allow(...admins), async (req, res) => {
    res.json(presentUser(await disableUser(db.manager, requireId(req.params.id, 'user'))));
  });

  router.post('/users/:id/enable', allow(...admins), async (req, res) => {
    res.json(presentUser(await enableUser(db.manager, requireId(req.params.id, 'user'))));
  });

  router.post('/users/:id/sessions/end', allow(...admins), async (req, res) => {
    res.json({ endedSessions: await endSessionsOfUser(db.manager, requireId(req.params.id, 'user')) });
  });

  /** Revoking a token ends that token only: the person's sessions are ended by disabling them, or by /sessions/end. */
  router.post('/tokens/:id/revoke', allow(...admins), async (req, res) => {
    const revoked = await revokeToken(db.manager, requireId(req.params.id, 'token'), { via: 'admin', by: actorOf(req).id });
    res.json(presentToken(revoked));
  });

  return router;
}
