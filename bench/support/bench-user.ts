import type { Client } from 'pg';
import { generateToken } from '../../src/users/tokens';

export type BenchUser = { id: string; name: string; secret: string; remove: () => Promise<void> };

/** A person for one benchmark run, written straight to a scale database, with a token (and a password hash if given); `remove` takes both away again. */
export async function createBenchUser(db: Client, { role, label, passwordHash = null }: { role: string; label: string; passwordHash?: string | null }): Promise<BenchUser> {
  const token = generateToken();
  const name = `bench-${label}-${token.prefix}`;
  const { id } = (await db.query<{ id: string }>('INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3) RETURNING id', [name, role, passwordHash])).rows[0]!;
  await db.query("INSERT INTO api_tokens (user_id, token_sha256, prefix, label, issued_via) VALUES ($1, $2, $3, 'bench', 'cli')", [id, token.sha256, token.prefix]);
  return {
    id,
    name,
    secret: token.secret,
    remove: async () => {
      await db.query('DELETE FROM api_tokens WHERE user_id = $1', [id]);
      await db.query('DELETE FROM users WHERE id = $1', [id]);
    },
  };
}
