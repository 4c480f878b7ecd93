import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, admins, allow, readers } from '../auth/authenticate';
import { requireId } from '../http/ids';
import { parseBody } from '../http/validation';
import { presentIssuedToken, presentToken, presentUser } from './user.presenter';
import { CreateTokenDto, CreateUserDto } from './users.dto';
import { createUser, getUser, issueToken, listTokens, listUsers, revokeToken } from './users.service';

/** People and their tokens: admins only, except /me. */
export function usersRouter(db: DataSource): Router {
  const router = Router();

  router.get('/me', allow(...readers), (req, res) => {
    const { id, name, role } = actorOf(req);
    res.json({ id, name, role });
  });

  router.get('/users', allow(...admins), async (_req, res) => {
    res.json({ items: (await listUsers(db.manager)).map(presentUser) });
  });

  router.post('/users', allow(...admins), async (req, res) => {
    const { user, ...issued } = await createUser(db.manager, await parseBody(CreateUserDto, req.body));
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
    const user = await getUser(db.manager, requireId(req.params.id, 'user'));
    const { label } = await parseBody(CreateTokenDto, req.body ?? {});
    res.status(201).json(presentIssuedToken(await issueToken(db.manager, user.id, label ?? null)));
  });

  router.post('/tokens/:id/revoke', allow(...admins), async (req, res) => {
    res.json(presentToken(await revokeToken(db.manager, requireId(req.params.id, 'token'))));
  });

  return router;
}
