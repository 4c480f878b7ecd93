import { buildClaimReview, currentVerdict } from '../fact-checks/claim-review';
import { presentCorrections } from '../fact-checks/fact-check.presenter';
import type { FactCheck } from '../fact-checks/fact-checks.service';
import { factCheckUrl, homeUrl, type Site } from '../fact-checks/site';
import type { PublishedArticle } from '../workflow/verdict.entity';
import { feedExtensionAbout } from './feed-extensions';

const articleLine = (label: string, article: PublishedArticle): string =>
  `${label}: ${article.title} (${article.publisher ?? 'publisher unknown'}${article.url ? `, ${article.url}` : ''})`;

/** One JSON Feed 1.1 item (https://www.jsonfeed.org/version/1.1/) per published fact-check. */
function presentFeedItem(factCheck: FactCheck, site: Site) {
  const { claim } = factCheck;
  const { verdict, label } = currentVerdict(factCheck);
  const published = verdict.claimSnapshot;
  const { article } = published;
  const said = published.summary ?? published.quote;
  const chain = [...published.sources.map((source) => source.name), `“${article.title}”`].join(' → ');
  const url = factCheckUrl(site, claim.id);
  return {
    id: url,
    url,
    title: `${said} — ${label}`,
    content_text: [
      `Claim: ${said}`,
      `Quote (${published.language}): “${published.quote}”`,
      `Claimant: ${published.claimant}`,
      `Source chain: ${chain}`,
      `Verdict: ${label}. ${verdict.rationale}`,
      articleLine('Article', article),
      ...factCheck.matches.map((match) => articleLine('Also appeared in', match.article)),
    ].join('\n'),
    date_published: claim.firstPublishedAt!.toISOString(),
    date_modified: claim.lastPublishedAt!.toISOString(),
    language: site.reviewLanguage,
    tags: [
      `rating:${verdict.rating}`,
      `claimant:${published.claimant}`,
      ...(article.publisher ? [`publisher:${article.publisher}`] : []),
      `language:${published.language}`,
    ],
    // JSON Feed extensions: objects with an `about` URL. The ClaimReview sits inside rather than taking `about`
    // itself, which schema.org would read as its subject.
    _claimreview: { about: feedExtensionAbout(site, 'claimreview'), claimReview: buildClaimReview(factCheck, site) },
    _corrections: { about: feedExtensionAbout(site, 'corrections'), items: presentCorrections(factCheck) },
  };
}

export function presentFeed(site: Site, items: FactCheck[], nextUrl: string | undefined) {
  const { organization } = site;
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: `${organization.name}: fact-checks`,
    home_page_url: homeUrl(site),
    feed_url: `${site.baseUrl}/feed.json`,
    description: 'Published fact-checks of claims in the news, newest change first, with schema.org ClaimReview.',
    language: site.reviewLanguage,
    authors: [{ name: organization.name, ...(organization.url ? { url: organization.url } : {}) }],
    ...(nextUrl ? { next_url: nextUrl } : {}),
    items: items.map((item) => presentFeedItem(item, site)),
  };
}
