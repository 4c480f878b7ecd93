import type { EntityManager } from 'typeorm';
import { User } from '../users/user.entity';
import { normalizeName } from '../users/names';
import { hashPassword, verifyPassword } from './passwords';
import { endSession, endSessionsOf, startSession, type SessionLimits } from './sessions.service';

/**
 * A name and password for a new session. A wrong password and an unknown name take the same time (the
 * unknown name is checked against a decoy hash) and get the same answer. A session the browser already
 * had ends: each sign-in gets a new session id, so a session id planted before sign-in is worth nothing.
 */
export async function signIn(
  manager: EntityManager,
  input: { name: string; password: string; previousSessionId?: string },
  limits: SessionLimits,
): Promise<{ secret: string; user: Pick<User, 'id' | 'name' | 'role'> } | null> {
  const user = await manager
    .createQueryBuilder(User, 'user')
    .addSelect('user.passwordHash')
    .where('lower(user.name) = lower(:name)', { name: normalizeName(input.name.slice(0, 200)) })
    .getOne();
  const matches = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !matches || user.disabledAt) return null;
  if (input.previousSessionId) await endSession(manager, input.previousSessionId, 'signed-in-again');
  const { secret } = await startSession(manager, user.id, limits);
  return { secret, user: { id: user.id, name: user.name, role: user.role } };
}

/** A new password ends every session the person had: whoever knew the old one is signed out. */
export async function setPassword(manager: EntityManager, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await manager.transaction(async (transaction) => {
    await transaction.update(User, { id: userId }, { passwordHash, passwordChangedAt: new Date() });
    await endSessionsOf(transaction, userId, 'password-changed');
  });
}
