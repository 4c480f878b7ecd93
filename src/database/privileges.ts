import type { DataSource, EntityManager } from 'typeorm';

/**
 * Tables the service may only read and append to: the history and the published record. The one
 * list of them; a table that exists nowhere yet is skipped, and every table not listed here (nor
 * below) gets ordinary read and write.
 */
export const appendOnlyTables = ['claim_events', 'verdicts', 'article_events', 'article_revisions', 'webhook_attempts'] as const;

/** Tables the service only reads: which migrations ran (the CLIs check it before they start). */
export const readOnlyTables = ['schema_migrations'] as const;

const schema = 'public';

export class ServiceRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceRoleError';
  }
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const existing = async (manager: EntityManager, tables: readonly string[]): Promise<string[]> =>
  (
    await manager.query<Array<{ name: string }>>(
      `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relname = ANY($2)`,
      [schema, tables],
    )
  ).map((row) => row.name);

/**
 * Run as the schema's owner after migrating: gives the service role exactly what it needs, whatever
 * it had before (so re-running it, or a table added since, converges on the same grants). Nothing
 * here makes it an owner, so ALTER, DISABLE TRIGGER, DROP and CREATE stay out of its reach.
 */
export async function grantServicePrivileges(dataSource: DataSource, serviceRole: string): Promise<void> {
  const role = quoteIdentifier(serviceRole);
  const inSchema = quoteIdentifier(schema);
  await dataSource.transaction(async (manager) => {
    const statements = [
      `REVOKE ALL ON ALL TABLES IN SCHEMA ${inSchema} FROM ${role}`,
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${inSchema} FROM ${role}`,
      // Before PostgreSQL 15 every role may create in public; revoking it from PUBLIC needs the schema's owner.
      `REVOKE CREATE ON SCHEMA ${inSchema} FROM PUBLIC, ${role}`,
      `GRANT USAGE ON SCHEMA ${inSchema} TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${inSchema} TO ${role}`,
      `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${inSchema} TO ${role}`,
      ...(await existing(manager, appendOnlyTables)).map(
        (table) => `REVOKE UPDATE, DELETE ON ${inSchema}.${quoteIdentifier(table)} FROM ${role}`,
      ),
      ...(await existing(manager, readOnlyTables)).map(
        (table) => `REVOKE INSERT, UPDATE, DELETE ON ${inSchema}.${quoteIdentifier(table)} FROM ${role}`,
      ),
    ];
    for (const statement of statements) await manager.query(statement);
  });
}

/**
 * True when the connected service role has exactly what grantServicePrivileges gives: then a start
 * needs no owner connection at all (one query instead of a connection, a lock and a transaction).
 */
export async function grantsInPlace(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query<Array<{ mismatches: number }>>(
    `SELECT count(*)::int AS mismatches FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND CASE
        WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(c.oid, 'USAGE')
        WHEN c.relkind IN ('r', 'p', 'v', 'm', 'f') THEN
          array(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p
                 WHERE has_table_privilege(c.oid, p))
          IS DISTINCT FROM CASE WHEN c.relname = ANY($2) THEN ARRAY['SELECT', 'INSERT']
                                WHEN c.relname = ANY($3) THEN ARRAY['SELECT']
                                ELSE ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] END
        ELSE false END`,
    [schema, appendOnlyTables, readOnlyTables],
  );
  return row?.mismatches === 0;
}

/** Before migrating: a service role cannot, and TypeORM's own error would not say why. */
export async function assertMayMigrate(dataSource: DataSource): Promise<void> {
  const [row] = await dataSource.query<Array<{ role: string; may: boolean }>>(
    `SELECT current_user AS role, has_schema_privilege(current_user, $1, 'CREATE') AS may`,
    [schema],
  );
  if (row && !row.may) {
    throw new ServiceRoleError(
      `Migrations are pending and ${row.role} may not create in the schema ${schema}: ` +
        'run them as the schema owner (npm run migrate, or start the server, with DATABASE_OWNER_URL set).',
    );
  }
}

/**
 * What the connected role could do to the history that it should not: empty for a proper service
 * role. Ownership counts through membership too (a member can SET ROLE to the owner).
 */
export async function servicePrivilegeProblems(dataSource: DataSource): Promise<string[]> {
  const [role] = await dataSource.query<Array<{ name: string; superuser: boolean; ownsSchema: boolean; createsInSchema: boolean }>>(
    `SELECT r.rolname AS name, r.rolsuper AS "superuser",
            pg_has_role(r.oid, n.nspowner, 'MEMBER') AS "ownsSchema",
            has_schema_privilege(r.oid, n.oid, 'CREATE') AS "createsInSchema"
       FROM pg_roles r, pg_namespace n WHERE r.rolname = current_user AND n.nspname = $1`,
    [schema],
  );
  if (!role) throw new ServiceRoleError(`no schema ${schema} in this database`);
  if (role.superuser) return [`${role.name} is a superuser`];
  const problems: string[] = [];
  if (role.ownsSchema) problems.push(`${role.name} owns the schema ${schema} (and so may drop any table in it)`);
  if (role.createsInSchema) problems.push(`${role.name} may create objects in the schema ${schema}`);
  const owned = await dataSource.query<Array<{ name: string }>>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND pg_has_role(current_user, c.relowner, 'MEMBER')
     UNION ALL
     SELECT p.proname || '()' FROM pg_proc p
      WHERE p.pronamespace = $1::regnamespace AND pg_has_role(current_user, p.proowner, 'MEMBER')
     ORDER BY 1`,
    [schema],
  );
  if (owned.length > 0) problems.push(`${role.name} owns ${owned.map((row) => row.name).join(', ')}`);
  const changes = await dataSource.query<Array<{ name: string; privilege: string }>>(
    `SELECT c.relname AS name, p.privilege FROM pg_class c
       CROSS JOIN unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) AS p(privilege)
      WHERE c.relnamespace = $1::regnamespace AND c.relname = ANY($2)
        AND has_table_privilege(current_user, c.oid, p.privilege)
      ORDER BY 1, 2`,
    [schema, appendOnlyTables],
  );
  for (const { name, privilege } of changes) problems.push(`${role.name} has ${privilege} on ${name}`);
  return problems;
}
