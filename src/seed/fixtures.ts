import fs from 'node:fs';
import path from 'node:path';
import type { CreateClaimDto } from '../claims/claims.dto';

export type SeedArticle = {
  slug: string;
  title: string;
  body: string;
  language: string;
  url: string | null;
  publisher: string | null;
  publishedAt: string | null;
  claims: Array<CreateClaimDto & { key: string; start: number; end: number }>;
};

const dataDir = path.join(__dirname, 'data');

/** An article file is its title on the first line, a blank line, then the body. */
function readArticleFile(file: string): { title: string; body: string } {
  const text = fs.readFileSync(path.join(dataDir, file), 'utf8');
  const split = text.indexOf('\n\n');
  return { title: text.slice(0, split).trim(), body: text.slice(split + 2) };
}

const readClaims = (file: string): SeedArticle['claims'] =>
  JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as SeedArticle['claims'];

/**
 * The articles the tracker ships with. The Kim–Putin report names neither its outlet nor its URL,
 * nor its publication date: they stay unknown rather than invented, and the slug identifies it.
 */
export function loadSeedArticles(): SeedArticle[] {
  return [
    {
      slug: 'kim-putin-vladivostok-id',
      ...readArticleFile('article-kim-putin-vladivostok.id.txt'),
      language: 'id',
      url: null,
      publisher: null,
      publishedAt: null,
      claims: readClaims('kim-putin-vladivostok.claims.json'),
    },
  ];
}
