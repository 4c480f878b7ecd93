import { QueryFailedError, type EntityManager } from 'typeorm';
import { notFound, Problem } from '../errors/problem';
import { ApiToken } from './api-token.entity';
import type { Role } from './role';
import { generateToken, tokenHash } from './tokens';
import { User } from './user.entity';

export type Actor = Pick<User, 'id' | 'name' | 'role'>;
export type IssuedToken = { token: ApiToken; secret: string };

/** A person as other resources name them: who is assigned, who proposed, who made a change. */
export type PersonRef = { id: string; name: string };

/** A nullable person column and its joined name, as a PersonRef or null. */
export const personRef = (id: string | null, name: string | null): PersonRef | null => (id ? { id, name: name ?? '' } : null);

export async function createUser(
  manager: EntityManager,
  input: { name: string; role: Role },
): Promise<{ user: User } & IssuedToken> {
  return manager.transaction(async (transaction) => {
    const existing = await findUserByName(transaction, input.name);
    if (existing) throw duplicateUser(existing.name, existing.id);
    let user: User;
    try {
      user = await transaction.save(transaction.create(User, { name: input.name, role: input.role }));
    } catch (error) {
      const raced = error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
      throw raced ? duplicateUser(input.name) : error;
    }
    return { user, ...(await issueToken(transaction, user.id, 'first token')) };
  });
}

export const listUsers = (manager: EntityManager): Promise<User[]> => manager.find(User, { order: { createdAt: 'ASC' } });

export async function getUser(manager: EntityManager, id: string): Promise<User> {
  const user = await manager.findOneBy(User, { id });
  if (!user) throw notFound('user', id);
  return user;
}

export function findUserByName(manager: EntityManager, name: string): Promise<User | null> {
  return manager.createQueryBuilder(User, 'user').where('lower(user.name) = lower(:name)', { name }).getOne();
}

export async function issueToken(manager: EntityManager, userId: string, label: string | null): Promise<IssuedToken> {
  const { secret, sha256, prefix } = generateToken();
  const token = await manager.save(manager.create(ApiToken, { userId, tokenSha256: sha256, prefix, label }));
  return { token, secret };
}

export const listTokens = (manager: EntityManager, userId: string): Promise<ApiToken[]> =>
  manager.find(ApiToken, { where: { userId }, order: { createdAt: 'ASC' } });

/** Revoking is permanent and idempotent; the row stays so that the token's history is kept. */
export async function revokeToken(manager: EntityManager, tokenId: string): Promise<ApiToken> {
  const token = await manager.findOneBy(ApiToken, { id: tokenId });
  if (!token) throw notFound('token', tokenId);
  if (!token.revokedAt) {
    token.revokedAt = new Date();
    await manager.save(token);
  }
  return token;
}

/** The person behind a bearer token, or null when the token is unknown or revoked. */
export function actorForToken(manager: EntityManager, secret: string): Promise<Actor | null> {
  return manager
    .createQueryBuilder(User, 'user')
    .innerJoin(ApiToken, 'token', 'token.userId = user.id')
    .where('token.tokenSha256 = :hash AND token.revokedAt IS NULL', { hash: tokenHash(secret) })
    .select(['user.id', 'user.name', 'user.role'])
    .getOne();
}

const duplicateUser = (name: string, existingUserId?: string) =>
  new Problem('duplicate-user', `A user named ${JSON.stringify(name)} already exists.`, existingUserId ? { existingUserId } : {});
