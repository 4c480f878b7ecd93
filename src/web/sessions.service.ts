import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { sha256 } from '../text/sha256';
import type { Role } from '../users/role';
import type { Actor } from '../users/users.service';
import { WebSession, type SessionEndedWhy } from './web-session.entity';

export type SessionLimits = { idleMinutes: number; maxHours: number };

/** A signed-in browser: its person (an Actor, like the API's) and what its forms must carry. */
export type ActiveSession = { id: string; person: Actor; csrfToken: string; createdAt: Date; lastSeenAt: Date };

/** The cookie's secret is random (256 bits); only its hash is stored, so a read of the table signs nobody in. */
export async function startSession(manager: EntityManager, userId: string, limits: SessionLimits): Promise<{ secret: string; session: WebSession }> {
  const secret = randomBytes(32).toString('base64url');
  const session = await manager.save(
    manager.create(WebSession, {
      secretSha256: sha256(secret),
      userId,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: new Date(Date.now() + limits.maxHours * 3_600_000),
    }),
  );
  return { secret, session };
}

type SessionRow = { id: string; csrf_token: string; created_at: Date; last_seen_at: Date; user_id: string; name: string; role: Role };

/** The session a cookie names, when it has not ended, expired or been idle too long. */
export async function findActiveSession(manager: EntityManager, secret: string, limits: SessionLimits): Promise<ActiveSession | null> {
  const [row] = (await manager.query(
    `SELECT s.id, s.csrf_token, s.created_at, s.last_seen_at, u.id AS user_id, u.name, u.role
       FROM web_sessions s JOIN users u ON u.id = s.user_id
      WHERE s.secret_sha256 = $1 AND s.ended_at IS NULL AND s.expires_at > now()
        AND s.last_seen_at > now() - make_interval(mins => $2) AND u.disabled_at IS NULL`,
    [sha256(secret), limits.idleMinutes],
  )) as SessionRow[];
  if (!row) return null;
  return {
    id: row.id,
    person: { id: row.user_id, name: row.name, role: row.role, tokenId: null, sessionId: row.id },
    csrfToken: row.csrf_token,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
  };
}

/** Written at most once a minute per session: a page view is not a write. */
export async function touchSession(manager: EntityManager, session: ActiveSession): Promise<void> {
  if (Date.now() - session.lastSeenAt.getTime() < 60_000) return;
  await manager.query(`UPDATE web_sessions SET last_seen_at = now() WHERE id = $1 AND ended_at IS NULL`, [session.id]);
}

export async function endSession(manager: EntityManager, sessionId: string, why: SessionEndedWhy): Promise<void> {
  await manager.query(`UPDATE web_sessions SET ended_at = now(), ended_why = $2 WHERE id = $1 AND ended_at IS NULL`, [sessionId, why]);
}

/** Every open session of a person ends at once (password changed, person disabled, tokens revoked by an admin). */
export async function endSessionsOf(manager: EntityManager, userId: string, why: SessionEndedWhy): Promise<number> {
  const [, ended] = (await manager.query(`UPDATE web_sessions SET ended_at = now(), ended_why = $2 WHERE user_id = $1 AND ended_at IS NULL`, [userId, why])) as [
    unknown,
    number,
  ];
  return ended;
}
