import type { Config } from '../config/config';

/** Where the public pages live and who publishes them; absolute URLs are built from here. */
export type Site = { baseUrl: string; organization: Config['organization']; reviewLanguage: string };

export const factCheckUrl = (site: Site, claimId: string): string => `${site.baseUrl}/fact-checks/${claimId}`;
