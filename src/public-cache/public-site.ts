import type { Request } from 'express';
import type { Config } from '../config/config';
import type { Site } from '../fact-checks/site';

/**
 * Which public site a request is for: never taken from an arbitrary Host header, which anyone can
 * send — it would end up in the URLs of a page that is then cached and served to everyone.
 * - PUBLIC_BASE_URL: that one site.
 * - PUBLIC_HOSTS: the request's host (X-Forwarded-Host from a trusted proxy) when listed, else the first listed;
 *   http or https as the request came (X-Forwarded-Proto from a trusted proxy).
 * - neither (development): http://HOST on the port this server listens on.
 * The Site objects are made once, so a cache key can use `baseUrl` at no cost.
 */
export function siteResolver(config: Config): (req: Request) => Site {
  const site = (baseUrl: string): Site => Object.freeze({ baseUrl, organization: config.organization, reviewLanguage: config.reviewLanguage });
  if (config.publicBaseUrl) {
    const only = site(config.publicBaseUrl);
    return () => only;
  }
  if (config.publicHosts.length > 0) {
    const sites = new Map(['http', 'https'].flatMap((scheme) => config.publicHosts.map((host) => [`${scheme}://${host}`, site(`${scheme}://${host}`)])));
    const [fallback] = config.publicHosts;
    return (req) => {
      const scheme = req.protocol === 'https' ? 'https' : 'http';
      return sites.get(`${scheme}://${req.host?.toLowerCase()}`) ?? sites.get(`${scheme}://${fallback}`)!;
    };
  }
  const host = hostForUrl(config.host);
  const byPort = new Map<number, Site>();
  return (req) => {
    const port = req.socket.localPort ?? config.port;
    let found = byPort.get(port);
    if (!found) byPort.set(port, (found = site(`http://${host}:${port}`)));
    return found;
  };
}

/** HOST as it can stand in a URL: IPv6 in brackets, and a wildcard address as localhost. */
function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
