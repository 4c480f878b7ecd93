import { IsNull, QueryFailedError, type EntityManager } from 'typeorm';
import { notFound, Problem } from '../errors/problem';
import { endSessionsOf } from '../web/sessions.service';
import { ApiToken, type IssuedVia, type RevokedVia } from './api-token.entity';
import { normalizeName } from './names';
import type { Role } from './role';
import { generateToken, tokenHash } from './tokens';
import { User } from './user.entity';

/** Who acts, and with which credential (a bearer token, or a browser session): history records both. */
export type Actor = Pick<User, 'id' | 'name' | 'role'> & { tokenId: string | null; sessionId?: string };
/** An authenticated bearer token: its person, and whether it is a first token that must be replaced. */
export type Credential = { actor: Actor; mustReplace: boolean };
export type IssuedToken = { token: ApiToken; secret: string };

/** A person as other resources name them: who is assigned, who proposed, who made a change. */
export type PersonRef = { id: string; name: string };

/** A nullable person column and its joined name, as a PersonRef or null. */
export const personRef = (id: string | null, name: string | null): PersonRef | null => (id ? { id, name: name ?? '' } : null);

/** How many working tokens one person may hold; each is a way in, so there are not endlessly many. */
export const maxActiveTokensPerPerson = 20;

type Issue = { userId: string; label: string | null; via: IssuedVia; by: string | null; mustReplace?: boolean; createdWith?: string };

async function insertToken(manager: EntityManager, issue: Issue): Promise<IssuedToken> {
  const { secret, sha256, prefix } = generateToken();
  const token = await manager.save(
    manager.create(ApiToken, {
      userId: issue.userId,
      tokenSha256: sha256,
      prefix,
      label: issue.label,
      issuedVia: issue.via,
      issuedBy: issue.by,
      mustReplace: issue.mustReplace ?? false,
      createdWithTokenId: issue.createdWith ?? null,
    }),
  );
  return { token, secret };
}

/** A new person; with a password hash when they chose one (the setup page), else they get one later. */
export async function insertUser(manager: EntityManager, input: { name: string; role: Role }, passwordHash?: string): Promise<User> {
  const name = normalizeName(input.name);
  const existing = await findUserByName(manager, name);
  if (existing) throw duplicateUser(existing.name, existing.id);
  try {
    const fields = passwordHash ? { passwordHash, passwordChangedAt: new Date() } : {};
    return await manager.save(manager.create(User, { name, role: input.role, ...fields }));
  } catch (error) {
    const raced = error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
    throw raced ? duplicateUser(name) : error;
  }
}

/** The operator's path (the CLI, with operator rights): a person with a working token, recorded as issued via the CLI. */
export function createUser(manager: EntityManager, input: { name: string; role: Role }, passwordHash?: string): Promise<{ user: User } & IssuedToken> {
  return manager.transaction(async (transaction) => {
    const user = await insertUser(transaction, input, passwordHash);
    return { user, ...(await issueToken(transaction, user.id, 'first token')) };
  });
}

/** The operator's path: another working token for a person, recorded as issued via the CLI. */
export const issueToken = (manager: EntityManager, userId: string, label: string | null): Promise<IssuedToken> =>
  insertToken(manager, { userId, label, via: 'cli', by: null });

/** An admin creates a person with a first token that only lets its owner make their own. */
export function createUserAsAdmin(
  manager: EntityManager,
  input: { name: string; role: Role },
  admin: Pick<Actor, 'id'>,
): Promise<{ user: User } & IssuedToken> {
  return manager.transaction(async (transaction) => {
    const user = await insertUser(transaction, input);
    return { user, ...(await insertToken(transaction, { userId: user.id, label: 'first token', via: 'admin', by: admin.id, mustReplace: true })) };
  });
}

/**
 * A new first token for a person who has no token left (lost, or revoked by an admin). Never a
 * working token, and never while they hold one: an admin cannot get a way in as someone else.
 */
export function issueFirstToken(manager: EntityManager, userId: string, label: string | null, admin: Pick<Actor, 'id'>): Promise<IssuedToken> {
  return manager.transaction(async (transaction) => {
    await lockPerson(transaction, userId);
    const unrevoked = await transaction.countBy(ApiToken, { userId, revokedAt: IsNull() });
    if (unrevoked > 0) {
      throw new Problem('person-has-token', `This person still holds ${unrevoked} unrevoked token(s); revoke them before issuing a first token.`, {
        unrevokedTokens: unrevoked,
      });
    }
    return insertToken(transaction, { userId, label: label ?? 'first token', via: 'admin', by: admin.id, mustReplace: true });
  });
}

/** A person's own token. Made with a first token, it replaces it: the first one stops working. */
export function issueOwnToken(manager: EntityManager, actor: Actor, label: string | null): Promise<IssuedToken> {
  return manager.transaction(async (transaction) => {
    await lockPerson(transaction, actor.id);
    const acting = actor.tokenId ? await transaction.findOneBy(ApiToken, { id: actor.tokenId }) : null;
    // Two requests with one first token: the second finds it replaced by the first.
    if (!acting || acting.revokedAt) throw new Problem('unauthenticated', 'The token is unknown or has been revoked.');
    const active = await transaction.countBy(ApiToken, { userId: actor.id, revokedAt: IsNull() });
    if (!acting.mustReplace && active >= maxActiveTokensPerPerson) {
      throw new Problem('token-limit-reached', `You hold ${active} working tokens, the most one person may; revoke one first.`, {
        limit: maxActiveTokensPerPerson,
      });
    }
    const issued = await insertToken(transaction, { userId: actor.id, label, via: 'self', by: actor.id, createdWith: acting.id });
    if (acting.mustReplace) await markRevoked(transaction, acting, { via: 'replaced', by: actor.id });
    return issued;
  });
}

export const listUsers = (manager: EntityManager): Promise<User[]> => manager.find(User, { order: { createdAt: 'ASC' } });

export async function getUser(manager: EntityManager, id: string): Promise<User> {
  const user = await manager.findOneBy(User, { id });
  if (!user) throw notFound('user', id);
  return user;
}

/** Compared in NFC and without regard to case, as the unique index on lower(name) does for stored (NFC) names. */
export function findUserByName(manager: EntityManager, name: string): Promise<User | null> {
  return manager.createQueryBuilder(User, 'user').where('lower(user.name) = lower(:name)', { name: normalizeName(name) }).getOne();
}

export const listTokens = (manager: EntityManager, userId: string): Promise<ApiToken[]> =>
  manager.find(ApiToken, { where: { userId }, order: { createdAt: 'ASC' } });

/** Who revokes: a person (their own token, or an admin's act) or the operator's CLI (`by` null). */
export type Revoker = { via: Exclude<RevokedVia, 'replaced'>; by: string | null };
const operator: Revoker = { via: 'cli', by: null };

/** Revoking is permanent and idempotent; the row stays so that the token's history is kept. Default: the operator. */
export const findToken = (manager: EntityManager, tokenId: string): Promise<ApiToken | null> => manager.findOneBy(ApiToken, { id: tokenId });

export async function revokeToken(manager: EntityManager, tokenId: string, revoker: Revoker = operator): Promise<ApiToken> {
  const token = await manager.findOneBy(ApiToken, { id: tokenId });
  if (!token) throw notFound('token', tokenId);
  return markRevoked(manager, token, revoker);
}

/** One of the actor's own tokens; anyone else's is not found, so token ids do not tell whose they are. */
export async function getOwnToken(manager: EntityManager, actor: Actor, tokenId: string): Promise<ApiToken> {
  const token = await manager.findOneBy(ApiToken, { id: tokenId, userId: actor.id });
  if (!token) throw notFound('token', tokenId);
  return token;
}

export const revokeOwnToken = async (manager: EntityManager, actor: Actor, tokenId: string): Promise<ApiToken> =>
  markRevoked(manager, await getOwnToken(manager, actor, tokenId), { via: 'self', by: actor.id });

async function markRevoked(manager: EntityManager, token: ApiToken, revoker: { via: RevokedVia; by: string | null }): Promise<ApiToken> {
  if (token.revokedAt) return token;
  // Only if still unrevoked: of two concurrent revocations the first one's time and revoker stay.
  await manager
    .createQueryBuilder()
    .update(ApiToken)
    .set({ revokedAt: () => 'now()', revokedVia: revoker.via, revokedBy: revoker.by })
    .where('id = :id AND revoked_at IS NULL', { id: token.id })
    .execute();
  return (await manager.findOneBy(ApiToken, { id: token.id }))!;
}

/** The person behind a bearer token and the token itself, or null when it is unknown or revoked. */
export async function credentialForToken(manager: EntityManager, secret: string): Promise<Credential | null> {
  const row = await manager
    .createQueryBuilder(ApiToken, 'token')
    .innerJoin(User, 'user', 'user.id = token.userId')
    .where('token.tokenSha256 = :hash AND token.revokedAt IS NULL AND user.disabledAt IS NULL', { hash: tokenHash(secret) })
    .select(['token.id AS token_id', 'token.mustReplace AS must_replace', 'user.id AS id', 'user.name AS name', 'user.role AS role'])
    .getRawOne<{ token_id: string; must_replace: boolean; id: string; name: string; role: Role }>();
  if (!row) return null;
  return { actor: { id: row.id, name: row.name, role: row.role, tokenId: row.token_id }, mustReplace: row.must_replace };
}

const lockPerson = async (manager: EntityManager, userId: string): Promise<void> => {
  const locked = await manager.createQueryBuilder(User, 'user').setLock('pessimistic_write').where('user.id = :userId', { userId }).getOne();
  if (!locked) throw notFound('user', userId);
};

const duplicateUser = (name: string, existingUserId?: string) =>
  new Problem('duplicate-user', `A user named ${JSON.stringify(name)} already exists.`, existingUserId ? { existingUserId } : {});

/**
 * A disabled person's tokens stop working and their sessions end, at once. The tokens are not revoked:
 * enabling the person again restores them (the sessions stay ended). The last enabled admin cannot be
 * disabled, so somebody can always manage people.
 */
export function disableUser(manager: EntityManager, userId: string): Promise<User> {
  return manager.transaction(async (transaction) => {
    const user = await getUser(transaction, userId);
    if (user.role === 'admin' && !user.disabledAt) {
      // Locked together: two admins disabling each other at once cannot leave nobody.
      const [{ count }] = (await transaction.query(
        `SELECT count(*)::int AS count FROM (SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE) admins`,
      )) as [{ count: number }];
      if (count <= 1) throw new Problem('last-admin', 'This is the last enabled admin: make another admin before disabling this one.');
    }
    await transaction.query(`UPDATE users SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL`, [user.id]);
    await endSessionsOf(transaction, user.id, 'person-disabled');
    return getUser(transaction, user.id);
  });
}

export async function enableUser(manager: EntityManager, userId: string): Promise<User> {
  const user = await getUser(manager, userId);
  await manager.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [user.id]);
  return getUser(manager, user.id);
}

/** Signs a person out everywhere (a lost laptop); their tokens are untouched. Answers how many sessions ended. */
export async function endSessionsOfUser(manager: EntityManager, userId: string): Promise<number> {
  const user = await getUser(manager, userId);
  return endSessionsOf(manager, user.id, 'revoked');
}
