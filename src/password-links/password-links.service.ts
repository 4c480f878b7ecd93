import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { notFound, Problem } from '../errors/problem';
import { sha256 } from '../text/sha256';
import type { Role } from '../users/role';
import { User } from '../users/user.entity';
import { getUser, insertUser } from '../users/users.service';
import { endSessionsOf } from '../web/sessions.service';
import { PasswordLink, type PasswordLinkKind } from './password-link.entity';

/** How long a link works: long enough to be read in the morning, short enough not to lie around. */
export const linkLifetimeHours = { setup: 24, 'set-password': 72 } as const satisfies Record<PasswordLinkKind, number>;

/** What the secret of a link looks like (256 random bits); anything else is refused before a query. */
export const linkSecretPattern = /^[A-Za-z0-9_-]{43}$/;

export type IssuedLink = { secret: string; expiresAt: Date };

/** The path a link opens; the caller puts its site in front. */
export const linkPath = (kind: PasswordLinkKind, secret: string): string => `${kind === 'setup' ? '/setup' : '/password'}?token=${secret}`;

/** A new link of this kind ends the open ones it replaces: the setup link, or the person's earlier links. */
async function issueLink(manager: EntityManager, kind: PasswordLinkKind, userId: string | null, createdBy: string | null): Promise<IssuedLink> {
  await manager
    .createQueryBuilder()
    .update(PasswordLink)
    .set({ closedAt: () => 'now()', closedWhy: 'replaced' })
    .where(userId ? 'kind = :kind AND user_id = :userId AND closed_at IS NULL' : 'kind = :kind AND closed_at IS NULL', { kind, userId })
    .execute();
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + linkLifetimeHours[kind] * 3_600_000);
  await manager.insert(PasswordLink, { kind, secretSha256: sha256(secret), userId, createdBy, expiresAt });
  return { secret, expiresAt };
}

export const adminExists = (manager: EntityManager): Promise<boolean> => manager.existsBy(User, { role: 'admin' });

/** At start-up, while nobody is an admin: a new setup link (the old one, whose secret nobody can show again, ends). */
export async function issueSetupLinkIfNoAdmin(manager: EntityManager): Promise<IssuedLink | null> {
  return manager.transaction(async (transaction) => {
    await lockFirstAdmin(transaction);
    if (await adminExists(transaction)) return null;
    return issueLink(transaction, 'setup', null, null);
  });
}

/** A link for one person to choose their password (made by an admin, or by the operator with `createdBy` null). */
export async function issueSetPasswordLink(manager: EntityManager, userId: string, createdBy: string | null): Promise<IssuedLink> {
  return manager.transaction(async (transaction) => {
    const user = await getUser(transaction, userId);
    if (user.disabledAt) throw personDisabled(user.id);
    return issueLink(transaction, 'set-password', user.id, createdBy);
  });
}

/** The open link a secret names, or null: unknown, used, replaced and expired links all look the same. */
export async function findOpenLink(manager: EntityManager, kind: PasswordLinkKind, secret: unknown): Promise<PasswordLink | null> {
  if (typeof secret !== 'string' || !linkSecretPattern.test(secret)) return null;
  return manager
    .createQueryBuilder(PasswordLink, 'link')
    .where('link.secretSha256 = :hash AND link.kind = :kind AND link.closedAt IS NULL AND link.expiresAt > now()', { hash: sha256(secret), kind })
    .getOne();
}

/** Marks the link used, only if it is still open: of two requests with one link, one gets it. */
async function useLink(manager: EntityManager, kind: PasswordLinkKind, secret: string): Promise<PasswordLink | null> {
  const link = await findOpenLink(manager, kind, secret);
  if (!link) return null;
  const result = await manager
    .createQueryBuilder()
    .update(PasswordLink)
    .set({ closedAt: () => 'now()', closedWhy: 'used' })
    .where('id = :id AND closed_at IS NULL', { id: link.id })
    .execute();
  return result.affected === 1 ? link : null;
}

/** Gone, used or unknown: the setup page and the password page answer 404, whatever the reason. */
export const linkNotFound = (): Problem => new Problem('not-found', 'This link does not work (any more): ask for a new one.');

/** The setup link creates the first admin with this password; once there is an admin, no setup link works. */
export async function completeSetup(manager: EntityManager, secret: string, input: { name: string }, passwordHash: string): Promise<User> {
  return manager.transaction(async (transaction) => {
    await lockFirstAdmin(transaction);
    if (await adminExists(transaction)) throw linkNotFound();
    if (!(await useLink(transaction, 'setup', secret))) throw linkNotFound();
    return insertUser(transaction, { name: input.name, role: 'admin' satisfies Role }, passwordHash);
  });
}

/** The person's new password; every session they had ends (whoever knew the old one is signed out). */
export async function completeSetPassword(manager: EntityManager, secret: string, passwordHash: string): Promise<User> {
  return manager.transaction(async (transaction) => {
    const link = await useLink(transaction, 'set-password', secret);
    if (!link?.userId) throw linkNotFound();
    const user = await getUser(transaction, link.userId);
    if (user.disabledAt) throw linkNotFound();
    await transaction.update(User, { id: user.id }, { passwordHash, passwordChangedAt: new Date() });
    await endSessionsOf(transaction, user.id, 'password-changed');
    return user;
  });
}

/** Who a set-password link is for, to greet them by name. */
export async function personOfLink(manager: EntityManager, link: PasswordLink): Promise<User> {
  if (!link.userId) throw notFound('user', '');
  return getUser(manager, link.userId);
}

export const personDisabled = (userId: string): Problem =>
  new Problem('person-disabled', 'This person is disabled: enable them first.', { userId });

/** Instances starting together, or two setup posts, decide the first admin one at a time. */
const lockFirstAdmin = (manager: EntityManager): Promise<unknown> => manager.query(`SELECT pg_advisory_xact_lock(hashtext('first-admin'))`);
