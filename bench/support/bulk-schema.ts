import type { Client } from 'pg';

/**
 * Bulk loading is several times faster without indexes and foreign keys checked row by row. These
 * are read from the catalogue as the migrations made them, dropped, and recreated from the very same
 * definitions afterwards (indexes built once, foreign keys validated in one pass each); `sameSchema`
 * then proves nothing changed.
 */
export type SchemaObjects = {
  constraints: Array<{ table: string; name: string; type: string; definition: string }>;
  indexes: Array<{ table: string; name: string; definition: string }>;
};

export async function readSchemaObjects(db: Client, tables: readonly string[]): Promise<SchemaObjects> {
  const constraints = await db.query<SchemaObjects['constraints'][number]>(
    `SELECT k.conrelid::regclass::text AS "table", k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k
     WHERE k.contype IN ('p', 'u', 'f')
       AND (k.conrelid = ANY($1::regclass[]) OR k.confrelid = ANY($1::regclass[]))
     ORDER BY 1, 2`,
    [tables],
  );
  const indexes = await db.query<SchemaObjects['indexes'][number]>(
    `SELECT t.relname AS "table", i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE x.indrelid = ANY($1::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
     ORDER BY 1, 2`,
    [tables],
  );
  return { constraints: constraints.rows, indexes: indexes.rows };
}

export async function dropSchemaObjects(db: Client, objects: SchemaObjects): Promise<void> {
  const byType = (type: string) => objects.constraints.filter((constraint) => constraint.type === type);
  for (const { table, name } of [...byType('f'), ...byType('u'), ...byType('p')]) {
    await db.query(`ALTER TABLE ${table} DROP CONSTRAINT "${name}"`);
  }
  for (const { name } of objects.indexes) await db.query(`DROP INDEX "${name}"`);
}

/** Recreates keys, then indexes, then foreign keys, on `connections` sessions at once. */
export async function restoreSchemaObjects(connections: Client[], objects: SchemaObjects): Promise<void> {
  const byType = (type: string) => objects.constraints.filter((constraint) => constraint.type === type);
  const addConstraint = ({ table, name, definition }: SchemaObjects['constraints'][number]) =>
    `ALTER TABLE ${table} ADD CONSTRAINT "${name}" ${definition}`;
  await inParallel(connections, [...byType('p'), ...byType('u')].map(addConstraint));
  await inParallel(connections, objects.indexes.map((index) => index.definition));
  await inParallel(connections, byType('f').map(addConstraint));
}

async function inParallel(connections: Client[], statements: string[]): Promise<void> {
  const queue = [...statements];
  await Promise.all(
    connections.map(async (db) => {
      for (let statement = queue.shift(); statement !== undefined; statement = queue.shift()) await db.query(statement);
    }),
  );
}

export const sameSchema = (before: SchemaObjects, after: SchemaObjects): boolean => JSON.stringify(before) === JSON.stringify(after);
