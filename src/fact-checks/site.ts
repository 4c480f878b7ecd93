import type { Config } from '../config/config';

/** Where the public pages live and who publishes them; absolute URLs are built from here. */
export type Site = { baseUrl: string; organization: Config['organization']; reviewLanguage: string };

export const factCheckPath = (claimId: string): string => `/fact-checks/${claimId}`;

export const factCheckUrl = (site: Site, claimId: string): string => `${site.baseUrl}${factCheckPath(claimId)}`;

/** The public home page: the latest fact-checks. */
export const homeUrl = (site: Site): string => `${site.baseUrl}/`;
