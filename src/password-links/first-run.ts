import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { linkPath, issueSetupLinkIfNoAdmin } from './password-links.service';

/**
 * On a database with no admin, the start-up log carries a one-time link that creates the first one: a
 * newcomer needs no CLI. Each start makes a new link and ends the one before (its secret was only
 * ever in an older log). Several instances starting at once each log one; the last one made works.
 */
export async function announceFirstRun(db: DataSource, config: Pick<Config, 'publicBaseUrl' | 'host'>, port: number, logger: Logger): Promise<void> {
  const link = await issueSetupLinkIfNoAdmin(db.manager);
  if (!link) return;
  const url = `${baseUrl(config, port)}${linkPath('setup', link.secret)}`;
  logger.info({ setupUrl: url, expiresAt: link.expiresAt.toISOString() }, `no admin yet: open ${url} to create the first one (the link works once)`);
}

const baseUrl = ({ publicBaseUrl, host }: Pick<Config, 'publicBaseUrl' | 'host'>, port: number): string => {
  if (publicBaseUrl) return publicBaseUrl;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
};
