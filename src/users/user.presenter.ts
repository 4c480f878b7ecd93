import type { ApiToken } from './api-token.entity';
import type { User } from './user.entity';

export const presentUser = (user: User) => ({
  id: user.id,
  name: user.name,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
});

/** Never the secret or its hash: only what tells tokens apart. */
export const presentToken = (token: ApiToken) => ({
  id: token.id,
  userId: token.userId,
  prefix: token.prefix,
  label: token.label,
  createdAt: token.createdAt.toISOString(),
  revokedAt: token.revokedAt?.toISOString() ?? null,
});

/** The one response that carries a token's secret: the one that created it. */
export const presentIssuedToken = ({ token, secret }: { token: ApiToken; secret: string }) => ({
  ...presentToken(token),
  secret,
});
