import { ConfigError, type Config } from './config/config';
import { EmbeddedDatabaseLockedError } from './database/embedded';
import { ServiceRoleError } from './database/privileges';

type SystemError = Error & { code?: string; address?: string; port?: number };

/** Where DATABASE_URL points, without its password. */
function databaseTarget(config: Config | undefined): string {
  if (config?.database.kind !== 'postgres') return 'the database';
  const url = new URL(config.database.url);
  return `database "${decodeURIComponent(url.pathname.slice(1)) || url.username}" on ${url.hostname}:${url.port || 5432}`;
}

/**
 * The one line an operator needs when start-up fails for a reason outside the program: what is wrong and
 * what to do. Undefined for anything else, which is a fault and keeps its stack.
 */
export function explainStartupFailure(error: unknown, config: Config | undefined): string | undefined {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseLockedError || error instanceof ServiceRoleError) return error.message;
  const { code, message } = (error ?? {}) as SystemError;
  const target = databaseTarget(config);
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${config?.port} on ${config?.host} is already in use (another claim tracker?): stop that process or set PORT to a free port.`;
    case 'EACCES':
      return `Not allowed to listen on ${config?.host}:${config?.port}: choose a PORT above 1023 or another HOST.`;
    case 'EADDRNOTAVAIL':
      return `HOST ${config?.host} is not an address of this machine: set HOST to one that is (127.0.0.1, 0.0.0.0).`;
    case '3D000':
      return `The ${target} does not exist: create it (createdb) or fix DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the login for the ${target}: ${message}. Fix the user or password in DATABASE_URL.`;
    case 'ECONNREFUSED':
      return `Nothing accepts connections for the ${target}: is PostgreSQL running there? Check DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host of DATABASE_URL cannot be resolved (${target}): fix DATABASE_URL.`;
    default:
      return undefined;
  }
}
