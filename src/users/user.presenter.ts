import type { ApiToken } from './api-token.entity';
import type { User } from './user.entity';
import type { Actor } from './users.service';

export const presentUser = (user: User) => ({
  id: user.id,
  name: user.name,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
  disabledAt: user.disabledAt?.toISOString() ?? null,
  passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
});

/** Never the secret or its hash: only what tells tokens apart, and who issued and ended each. */
export const presentToken = (token: ApiToken) => ({
  id: token.id,
  userId: token.userId,
  prefix: token.prefix,
  label: token.label,
  issuedVia: token.issuedVia,
  issuedBy: token.issuedBy,
  createdWithTokenId: token.createdWithTokenId,
  mustReplace: token.mustReplace,
  createdAt: token.createdAt.toISOString(),
  revokedAt: token.revokedAt?.toISOString() ?? null,
  revokedVia: token.revokedVia,
  revokedBy: token.revokedBy,
});

/** The one response that carries a token's secret: the one that created it. */
export const presentIssuedToken = ({ token, secret }: { token: ApiToken; secret: string }) => ({
  ...presentToken(token),
  secret,
});

/** Who the caller is, and the token they called with (so a first token's holder learns it must be replaced). */
export const presentMe = (actor: Actor, token: ApiToken) => ({ id: actor.id, name: actor.name, role: actor.role, token: presentToken(token) });
