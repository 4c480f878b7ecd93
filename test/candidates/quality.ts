import fs from 'node:fs';
import path from 'node:path';
import { loadSeedArticles } from '../../src/seed/fixtures';
import { defaultMinScore, findCandidates, type Candidate } from '../../src/candidates/find-candidates';

/** A hand-labelled claim: where it is, and who the text says makes it (null: the article itself). */
export type LabelledClaim = { quote: string; start: number; end: number; claimant: string | null };
export type LabelledArticle = { name: string; language: string; body: string; claims: LabelledClaim[] };
export type Quality = { claims: number; recalled: number; candidates: number; precise: number; claimantRight: number };

const fixtures = path.join(__dirname, 'fixtures');

/** The seed article with its curated claims, and every article under fixtures/ with its labels. */
export function labelledArticles(): LabelledArticle[] {
  const seed = loadSeedArticles()[0]!;
  const seedClaimants = (JSON.parse(fs.readFileSync(path.join(fixtures, 'seed-claimants.json'), 'utf8')) as { claimants: Record<string, string | null> }).claimants;
  const articles: LabelledArticle[] = [
    {
      name: seed.slug,
      language: seed.language,
      body: seed.body,
      claims: seed.claims.map((claim) => ({ quote: claim.quote, start: claim.start, end: claim.end, claimant: seedClaimants[claim.key] ?? null })),
    },
  ];
  for (const file of fs.readdirSync(fixtures).filter((name) => name.endsWith('.txt')).sort()) {
    const text = fs.readFileSync(path.join(fixtures, file), 'utf8');
    const name = file.replace(/\.txt$/, '');
    const labels = JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.labels.json`), 'utf8')) as { claims: LabelledClaim[] };
    articles.push({ name, language: name.split('.').at(-1)!, body: text.slice(text.indexOf('\n\n') + 2), claims: labels.claims });
  }
  return articles;
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }): number =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** Words of three letters or more, lower-cased: two names agree when they share one ("Kirby" and "John Kirby"). */
const nameWords = (name: string): Set<string> => new Set(name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 3));
export function sameClaimant(found: string | null, labelled: string | null): boolean {
  if (found === null || labelled === null) return found === labelled;
  const words = nameWords(labelled);
  return [...nameWords(found)].some((word) => words.has(word));
}

/**
 * Recall: a labelled claim is recalled when one candidate covers at least half its code points.
 * Precision: candidates that overlap a labelled claim, over all candidates. Claimant: of the recalled
 * claims, those whose best-covering candidate names the labelled claimant (or none, like the label).
 */
export function measure(article: LabelledArticle, minScore = defaultMinScore): Quality & { candidateList: Candidate[] } {
  const candidates = findCandidates(article.body, article.language).filter((candidate) => candidate.score >= minScore);
  let recalled = 0;
  let claimantRight = 0;
  for (const claim of article.claims) {
    const best = candidates.map((candidate) => ({ candidate, covered: overlap(candidate, claim) })).sort((a, b) => b.covered - a.covered)[0];
    if (!best || best.covered * 2 < claim.end - claim.start) continue;
    recalled++;
    if (sameClaimant(best.candidate.claimant?.name ?? null, claim.claimant)) claimantRight++;
  }
  const precise = candidates.filter((candidate) => article.claims.some((claim) => overlap(candidate, claim) > 0)).length;
  return { claims: article.claims.length, recalled, candidates: candidates.length, precise, claimantRight, candidateList: candidates };
}
