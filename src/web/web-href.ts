/**
 * A URL a link may point at: http(s) only. Every URL field is validated so on the way in; this is the
 * second line, so that a `javascript:` or `data:` value that reached the database some other way is
 * shown as text, never made a link.
 */
export const webHref = (url: string | null | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);
