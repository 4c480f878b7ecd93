// Rows for the scale data: an article and its claims as the app would have written them through
// the workflow — each claim's history has one event per version, in order, and its columns agree
// with the last one; published claims have their verdicts and the snapshot the public reads.
import { randomUUID } from 'node:crypto';
import { normaliseWording } from '../../src/similar/wording';
import { wordingBandKeys } from '../../src/similar/wording-bands';
import { sha256 } from '../../src/text/sha256';
import type { PublishedArticle } from '../../src/workflow/verdict.entity';
import { between, draftArticle, pick, places, topics, type DraftClaim, type Random } from './synthetic-text';

export const tables = {
  articles: ['id', 'slug', 'url', 'title', 'publisher', 'language', 'published_at', 'body', 'body_sha256', 'created_at', 'updated_at'],
  claims: [
    'id', 'seq', 'article_id', 'quote', 'start_offset', 'end_offset', 'quote_sha256', 'summary', 'claimant', 'claim_date', 'language',
    'status', 'rating', 'rating_scale_version', 'version', 'assignee_id', 'proposed_rating', 'proposed_rating_scale_version',
    'proposed_rationale', 'proposed_by', 'first_published_at', 'last_published_at', 'created_at', 'updated_at', 'wording', 'entered_review_at',
  ],
  claim_wording_bands: ['claim_seq', 'key', 'published'],
  claim_sources: ['id', 'claim_id', 'position', 'name', 'kind', 'url', 'note'],
  evidence: ['id', 'claim_id', 'url', 'title', 'publisher', 'excerpt', 'stance', 'accessed_at', 'archive_url', 'note', 'added_by', 'created_at'],
  verdicts: ['id', 'claim_id', 'rating', 'rating_scale_version', 'rationale', 'proposed_by', 'approved_by', 'correction_note', 'published_at', 'claim_snapshot'],
  claim_events: ['id', 'claim_id', 'actor_id', 'action', 'version', 'from_status', 'to_status', 'rating', 'rationale', 'note', 'changes', 'created_at'],
} as const;

export type Table = keyof typeof tables;
type Value = string | number | null;

/** The desk's mix: most claims wait or are being checked, about a fifth are published. */
const statusMix: Array<[status: string, share: number]> = [
  ['unverified', 0.45], ['in_progress', 0.2], ['in_review', 0.08], ['published', 0.22], ['not_checkable', 0.05],
];
const ratings = ['true', 'mostly-true', 'half-true', 'mostly-false', 'false', 'misleading', 'unproven'];
const wires = ['Antara', 'Reuters', 'AFP', 'Associated Press'];
const outlets = ['Kompas', 'Tempo', 'Detik', 'The Jakarta Post', 'CNN Indonesia', 'Republika', 'The National News'];
const publishers = ['Warta Nusantara', 'Harian Pagi', 'Kabar Timur', 'The Archipelago Times', 'Suara Kota'];
const hour = 3_600_000;

export type People = { checkers: string[]; editors: string[] };

/** Writes rows in COPY text format: tab-separated, \N for NULL, backslash escapes. */
export class CopyBuffers {
  readonly lines: Record<Table, string[]> = { articles: [], claims: [], claim_wording_bands: [], claim_sources: [], evidence: [], verdicts: [], claim_events: [] };
  rows = 0;
  /** The seq of the last claim written: claims carry theirs, so that their band keys can name it. */
  claimSeq = 0;

  add(table: Table, values: Value[]): void {
    this.lines[table].push(values.map(copyField).join('\t'));
    this.rows++;
  }

  take(): { lines: Record<Table, string[]>; rows: number } {
    const taken = { lines: { ...this.lines }, rows: this.rows };
    for (const table of Object.keys(this.lines) as Table[]) this.lines[table] = [];
    this.rows = 0;
    return taken;
  }
}

function copyField(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}

const iso = (time: number): string => new Date(time).toISOString();

/**
 * One article (serial number `n`, first claim created at `createdAt` ms) with `claimCount` claims.
 * Claims are a minute apart, so claim order (seq) is creation order.
 */
export function addArticle(out: CopyBuffers, random: Random, people: People, n: number, claimCount: number, createdAt: number, now: number): void {
  const draft = draftArticle(random, claimCount);
  const articleId = randomUUID();
  const publisher = pick(random, publishers);
  // What a verdict's snapshot keeps of the article (PublishedArticle).
  const published = { title: draft.title, url: `https://news.example/${draft.language}/${n}`, publisher, publishedAt: iso(createdAt - 6 * hour), language: draft.language };
  out.add('articles', [
    articleId, `scale-${n}`, published.url, draft.title, publisher, draft.language,
    published.publishedAt, draft.body, sha256(draft.body), iso(createdAt - hour), iso(createdAt - hour),
  ]);
  draft.claims.forEach((claim, index) => addClaim(out, random, people, articleId, published, claim, createdAt + index * 60_000, now));
}

function addClaim(
  out: CopyBuffers, random: Random, people: People, articleId: string, article: PublishedArticle, draft: DraftClaim, createdAt: number, now: number,
): void {
  const { language } = article;
  const id = randomUUID();
  const sources = sourceChain(random, draft);
  const summary = `${draft.claimant} says ${draft.quote}.`.slice(0, 280);
  const claimDate = random() < 0.7 ? iso(createdAt - between(random, 0, 3) * 24 * hour).slice(0, 10) : null;
  const state = {
    status: 'unverified', version: 1, rating: null as string | null, assignee: null as string | null,
    proposal: null as { rating: string; rationale: string; by: string } | null,
    firstPublishedAt: null as number | null, lastPublishedAt: null as number | null, time: createdAt,
    enteredReviewAt: null as number | null,
  };
  const event = (actor: string | null, action: string, fields: Partial<Record<'from' | 'to' | 'rating' | 'rationale' | 'note', string | null>>, changes: unknown = null) => {
    out.add('claim_events', [
      randomUUID(), id, actor, action, state.version, fields.from ?? null, fields.to ?? null, fields.rating ?? null,
      fields.rationale ?? null, fields.note ?? null, changes === null ? null : JSON.stringify(changes), iso(state.time),
    ]);
  };
  const later = () => {
    state.time = Math.min(now, state.time + between(random, 1, 48) * hour);
    state.version++;
  };
  const move = (actor: string, to: string, fields: { rating?: string | null; rationale?: string | null; note?: string | null } = {}) => {
    later();
    const from = state.status;
    state.status = to;
    event(actor, 'status.changed', { from, to, ...fields });
  };
  const addEvidence = (checker: string) => {
    later();
    const evidenceId = randomUUID();
    const url = `https://data.example.go.id/${topics[draft.topic]!.en.replace(/ /g, '-')}/${state.version}-${id.slice(0, 8)}`;
    const stance = pick(random, ['supports', 'refutes', 'context']);
    out.add('evidence', [
      evidenceId, id, url, `${draft.place} budget report`, pick(random, ['Statistics Indonesia', 'Ministry of Finance', 'Regional audit office']),
      `Figures for ${topics[draft.topic]!.en} in ${draft.place}.`, stance, iso(state.time - hour), null, null, checker, iso(state.time),
    ]);
    event(checker, 'evidence.added', {}, { evidenceId, url, stance });
  };
  const snapshot = () => ({
    quote: draft.quote, summary, claimant: draft.claimant, claimDate, language,
    sources: sources.map((source, position) => ({ position, name: source.name, kind: source.kind, url: source.url, note: null })),
    article,
  });
  const publish = (editor: string, correctionNote: string | null) => {
    const proposal = state.proposal!;
    move(editor, 'published', { rating: proposal.rating, rationale: proposal.rationale, note: correctionNote });
    out.add('verdicts', [
      randomUUID(), id, proposal.rating, 1, proposal.rationale, proposal.by, editor, correctionNote, iso(state.time), JSON.stringify(snapshot()),
    ]);
    state.rating = proposal.rating;
    state.firstPublishedAt ??= state.time;
    state.lastPublishedAt = state.time;
    state.proposal = null;
  };
  const check = (checker: string, evidenceCount: number) => {
    for (let index = 0; index < evidenceCount; index++) addEvidence(checker);
  };
  const propose = (checker: string) => {
    const rating = pick(random, ratings);
    const rationale = `Official figures for the ${topics[draft.topic]!.en} in ${draft.place} do not match the claim (${rating}).`;
    state.proposal = { rating, rationale, by: checker };
    move(checker, 'in_review', { rating, rationale });
    state.enteredReviewAt = state.time;
  };

  event(null, 'claim.created', { to: 'unverified' }, {
    quote: draft.quote, start: draft.start, end: draft.end, claimant: draft.claimant,
    sources: sources.map((source, position) => ({ position, name: source.name, kind: source.kind, url: source.url, note: null })),
    article,
  });
  const target = chooseStatus(random);
  const checker = pick(random, people.checkers);
  if (target === 'not_checkable') {
    move(checker, 'not_checkable', { note: 'An opinion, not a checkable statement of fact.' });
  } else if (target !== 'unverified') {
    move(checker, 'in_progress');
    state.assignee = checker;
    check(checker, target === 'in_progress' ? between(random, 0, 2) : between(random, 1, 3));
    if (target !== 'in_progress') propose(checker);
    if (target === 'published') {
      publish(pick(random, people.editors), null);
      if (random() < 0.05) {
        move(checker, 'in_progress', { note: 'A reader sent newer figures.' });
        check(checker, 1);
        propose(checker);
        publish(pick(random, people.editors), 'Updated with the revised figures from the audit office.');
      }
    }
  }
  const proposal = state.proposal as { rating: string; rationale: string; by: string } | null;
  const seq = ++out.claimSeq;
  const wording = normaliseWording(draft.quote);
  out.add('claims', [
    id, seq, articleId, draft.quote, draft.start, draft.end, sha256(draft.quote), summary, draft.claimant, claimDate, language,
    state.status, state.rating, state.rating ? 1 : null, state.version, state.assignee, proposal?.rating ?? null, proposal ? 1 : null,
    proposal?.rationale ?? null, proposal?.by ?? null, nullableIso(state.firstPublishedAt), nullableIso(state.lastPublishedAt),
    iso(createdAt), iso(state.time), wording, nullableIso(state.enteredReviewAt),
  ]);
  for (const key of wordingBandKeys(wording)) out.add('claim_wording_bands', [seq, key, state.lastPublishedAt === null ? 'f' : 't']);
  sources.forEach((source, position) => out.add('claim_sources', [randomUUID(), id, position, source.name, source.kind, source.url, null]));
}

const nullableIso = (time: number | null): string | null => (time === null ? null : iso(time));

function chooseStatus(random: Random): string {
  let roll = random();
  for (const [status, share] of statusMix) {
    if (roll < share) return status;
    roll -= share;
  }
  return 'unverified';
}

/** From the claimant through a wire agency and outlets to this article: 1–4 hops, origin first. */
function sourceChain(random: Random, draft: DraftClaim): Array<{ name: string; kind: string; url: string | null }> {
  const hops = between(random, 1, 4);
  const chain: Array<{ name: string; kind: string; url: string | null }> = [
    random() < 0.8
      ? { name: draft.claimant, kind: pick(random, ['person', 'official']), url: null }
      : pick(random, [
          { name: `Government of ${pick(random, places)}`, kind: 'government', url: null },
          { name: 'Unnamed officials', kind: 'anonymous_sources', url: null },
          { name: 'Budget document', kind: 'document', url: 'https://data.example.go.id/budget.pdf' },
        ]),
  ];
  if (hops > 1) chain.push({ name: pick(random, wires), kind: 'wire_agency', url: null });
  while (chain.length < hops) {
    const outlet = pick(random, outlets);
    chain.push({ name: outlet, kind: 'news_outlet', url: `https://${outlet.toLowerCase().replace(/[^a-z]+/g, '')}.example/` });
  }
  return chain;
}
