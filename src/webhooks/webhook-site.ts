import type { Config } from '../config/config';
import type { Site } from '../fact-checks/site';

/**
 * The public site whose URLs a published event's payload carries (a delivery has no request to take
 * a host from): PUBLIC_BASE_URL, else the first of PUBLIC_HOSTS over https, else this server.
 */
export function webhookSite(config: Config, port: number): Site {
  const [firstHost] = config.publicHosts;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const baseUrl = config.publicBaseUrl ?? (firstHost ? `https://${firstHost}` : `http://${host}:${port}`);
  return { baseUrl, organization: config.organization, reviewLanguage: config.reviewLanguage };
}
