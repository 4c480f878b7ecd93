import { randomBytes } from 'node:crypto';

/** A readable, unique-enough identifier from a title: "kim-jong-un-dikabarkan-3fa9c1". */
export function slugFromTitle(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${words || 'article'}-${randomBytes(3).toString('hex')}`;
}
