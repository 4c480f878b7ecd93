import type { Page } from 'playwright-core';

/** What an attacker would type into any text field, to run a script on whoever opens the page. */
export const xssPayloads = {
  tag: '<img src=x onerror="window.__xss=1;alert(1)">',
  closeScript: '</script><script>window.__xss=1;alert(1)</script>',
  url: 'javascript:window.__xss=1;alert(1)',
} as const;

/** One text holding every payload: stored in a field, it is rendered wherever that field is. */
export const xssText = (label: string): string => `${label} ${xssPayloads.tag} ${xssPayloads.closeScript} ${xssPayloads.url}`;

/** Records any dialog and any page error; `ran()` also checks the flag the payloads would set. */
export function watchForScripts(page: Page): { ran: () => Promise<string[]> } {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  return {
    ran: async () => {
      const flagged = await page.evaluate(() => (window as unknown as { __xss?: number }).__xss === 1);
      return flagged ? [...seen, 'window.__xss was set'] : seen;
    },
  };
}
