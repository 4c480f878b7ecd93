import { isUuid } from '../../src/http/ids';
import type { World } from './world';

/** Where a write's resource lives, resolved from the request. */
export type Target = { ids: Record<string, string>; body: unknown };

/**
 * For each write of the document: what a refused request must leave as it was (`snapshot`), and
 * where an accepted one's text is read back (`readBack`), compared field by field (`text`; `*`
 * stands for every index of an array).
 */
export type Effect = {
  snapshot: (world: World, target: Target) => Promise<unknown>;
  readBack?: (world: World, target: Target, created: any) => Promise<unknown>;
  text: string[];
  /** Names and token labels are stored NFC-normalised: they read back as the NFC form of what was sent. */
  nfc?: true;
  /** Adds what an accepted request created to the world's pools, so later requests aim at it too. */
  remember?: (world: World, target: Target, created: any) => void;
};

const field = (body: unknown, name: string): unknown => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined);

/** How PostgreSQL would hold a string: without NUL (it cannot) and with lone surrogates replaced. */
const storable = (value: unknown): string | null => (typeof value === 'string' ? value.replaceAll('\u0000', '').toWellFormed() : null);

async function countWhere(world: World, table: 'articles' | 'users', column: 'title' | 'name', value: unknown): Promise<number | null> {
  const text = storable(value);
  if (text === null) return null;
  const rows = (await world.app.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [text])) as Array<{ n: number }>;
  return rows[0]!.n;
}

const readJson = async (world: World, path: string, as?: 'admin') => {
  const { status, body, etag } = await world.read(path, as);
  return { status, body, etag };
};
const claimPath = (target: Target) => `/api/v1/claims/${encodeURIComponent(target.ids.id!)}`;
const articlePath = (target: Target) => `/api/v1/articles/${encodeURIComponent(target.ids.id!)}`;
const claimAndEvidence = async (world: World, target: Target) => [await readJson(world, claimPath(target)), await readJson(world, `${claimPath(target)}/evidence`)];

const remembered = (pool: string[], id: unknown) => {
  if (typeof id === 'string' && pool.length < 40) pool.push(id);
};

const articleText = ['title', 'body', 'publisher', 'slug', 'url'];
const claimText = ['summary', 'claimant', 'sources/*/name', 'sources/*/note', 'sources/*/url'];

export const effects: Record<string, Effect> = {
  'POST /api/v1/articles': {
    snapshot: (world, { body }) => countWhere(world, 'articles', 'title', field(body, 'title')),
    readBack: async (world, _target, created) => (await readJson(world, `/api/v1/articles/${created.id}`)).body,
    text: articleText,
    remember: (world, _target, created) => remembered(world.pools.article, created.id),
  },
  'PATCH /api/v1/articles/{id}': {
    snapshot: (world, target) => readJson(world, articlePath(target)),
    readBack: async (world, target) => (await readJson(world, articlePath(target))).body,
    text: articleText,
  },
  'POST /api/v1/articles/{id}/claims': {
    snapshot: async (world, target) => (await readJson(world, articlePath(target))).body?.claimCounts ?? null,
    readBack: async (world, _target, created) => (await readJson(world, `/api/v1/claims/${created.id}`)).body,
    text: ['quote', ...claimText],
    remember: (world, _target, created) => {
      remembered(world.pools.claim, created.id);
      world.pools.evidence.set(created.id, []);
    },
  },
  'PATCH /api/v1/claims/{id}': {
    snapshot: (world, target) => readJson(world, claimPath(target)),
    readBack: async (world, target) => (await readJson(world, claimPath(target))).body,
    text: claimText,
  },
  'POST /api/v1/claims/{id}/evidence': {
    snapshot: claimAndEvidence,
    readBack: async (world, target, created) =>
      ((await readJson(world, `${claimPath(target)}/evidence`)).body.items as Array<{ id: string }>).find((item) => item.id === created.id),
    text: ['url', 'title', 'publisher', 'excerpt', 'archiveUrl', 'note'],
    remember: (world, target, created) => remembered(world.pools.evidence.get(target.ids.id!) ?? [], created.id),
  },
  'POST /api/v1/claims/{id}/evidence/{evidenceId}/retraction': {
    snapshot: claimAndEvidence,
    readBack: async (world, target, created) => {
      const items = (await readJson(world, `${claimPath(target)}/evidence`)).body.items as Array<{ id: string; retraction: { reason: string } }>;
      return { reason: items.find((item) => item.id === created.id)?.retraction.reason };
    },
    text: ['reason'],
  },
  'POST /api/v1/claims/{id}/transitions': {
    snapshot: (world, target) => readJson(world, claimPath(target)),
    readBack: async (world, target) => ((await readJson(world, `${claimPath(target)}/history`)).body.items as unknown[]).at(-1),
    text: ['note', 'rationale', 'rating'],
  },
  'POST /api/v1/users': {
    snapshot: (world, { body }) => countWhere(world, 'users', 'name', field(body, 'name')),
    readBack: async (world, _target, created) => (await readJson(world, `/api/v1/users/${created.user.id}`, 'admin')).body,
    text: ['name'],
    nfc: true,
    remember: (world, _target, created) => {
      remembered(world.pools.user, created.user.id);
      remembered(world.pools.token, created.token.id);
    },
  },
  'POST /api/v1/users/{id}/tokens': {
    snapshot: (world, target) => readJson(world, `/api/v1/users/${encodeURIComponent(target.ids.id!)}/tokens`, 'admin'),
    readBack: async (world, target, created) =>
      ((await readJson(world, `/api/v1/users/${target.ids.id}/tokens`, 'admin')).body.items as Array<{ id: string }>).find((item) => item.id === created.id),
    text: ['label'],
    nfc: true,
    remember: (world, _target, created) => remembered(world.pools.token, created.id),
  },
  'POST /api/v1/tokens/{id}/revoke': {
    snapshot: async (world, { ids }) =>
      isUuid(ids.id!) ? world.app.db.dataSource.query('SELECT revoked_at FROM api_tokens WHERE id = $1', [ids.id]) : null,
    text: [],
  },
};

/** Every [path, sent, stored] of the text fields that were sent as strings. */
export function sentText(paths: string[], sent: unknown, stored: unknown): Array<[string, string, unknown]> {
  const out: Array<[string, string, unknown]> = [];
  const walk = (parts: string[], from: unknown, to: unknown, at: string) => {
    if (parts.length === 0) {
      if (typeof from === 'string') out.push([at, from, to]);
      return;
    }
    const [head, ...rest] = parts;
    if (head === '*') {
      if (Array.isArray(from)) from.forEach((item, i) => walk(rest, item, Array.isArray(to) ? to[i] : undefined, `${at}/${i}`));
      return;
    }
    walk(rest, field(from, head!), field(to, head!), `${at}/${head}`);
  };
  for (const path of paths) walk(path.split('/'), sent, stored, '');
  return out;
}
