import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, patchClaim, uniqueToken } from '../support/factories';
import {
  eventually,
  hireEditors,
  newPublicClaim,
  propose,
  proposeCorrection,
  publish,
  republish,
  walkFeed,
  type FeedItem,
} from '../support/public';
import { captureLog, errorLevel } from '../support/log-capture';
import { startTestApp, type TestApp } from '../support/test-app';
import { driveTo, type Crew } from '../support/workflow';

const base = 'https://checks.example.org';
const organization = { name: `Example Fact Desk`, url: 'https://desk.example.org' };
const reviewLanguage = 'en-GB';

// ---------------------------------------------------------------------------------------------
// schema.org, as far as a ClaimReview reaches: for each type, its parent and the properties it
// adds (https://schema.org/<Type>, "Properties from <Type>"); a type accepts its own and its
// ancestors' properties. Written out here from the definitions, not read from the code under test.
// ---------------------------------------------------------------------------------------------
const schemaTypes: Record<string, { parent?: string; properties: string[] }> = {
  Thing: {
    properties: [
      'additionalType', 'alternateName', 'description', 'disambiguatingDescription', 'identifier', 'image',
      'mainEntityOfPage', 'name', 'potentialAction', 'sameAs', 'subjectOf', 'url',
    ],
  },
  CreativeWork: {
    parent: 'Thing',
    properties: [
      'about', 'abstract', 'accessMode', 'accessModeSufficient', 'accessibilityAPI', 'accessibilityControl',
      'accessibilityFeature', 'accessibilityHazard', 'accessibilitySummary', 'accountablePerson', 'acquireLicensePage',
      'aggregateRating', 'alternativeHeadline', 'archivedAt', 'assesses', 'associatedMedia', 'audience', 'audio',
      'author', 'award', 'character', 'citation', 'comment', 'commentCount', 'conditionsOfAccess', 'contentLocation',
      'contentRating', 'contentReferenceTime', 'contributor', 'copyrightHolder', 'copyrightNotice', 'copyrightYear',
      'correction', 'countryOfOrigin', 'creativeWorkStatus', 'creator', 'creditText', 'dateCreated', 'dateModified',
      'datePublished', 'digitalSourceType', 'discussionUrl', 'editEIDR', 'editor', 'educationalAlignment',
      'educationalLevel', 'educationalUse', 'encoding', 'encodingFormat', 'exampleOfWork', 'expires', 'funder',
      'funding', 'genre', 'hasPart', 'headline', 'inLanguage', 'interactionStatistic', 'interactivityType',
      'interpretedAsClaim', 'isAccessibleForFree', 'isBasedOn', 'isFamilyFriendly', 'isPartOf', 'keywords',
      'learningResourceType', 'license', 'locationCreated', 'mainEntity', 'maintainer', 'material', 'materialExtent',
      'mentions', 'offers', 'pattern', 'position', 'producer', 'provider', 'publication', 'publisher',
      'publisherImprint', 'publishingPrinciples', 'recordedAt', 'releasedEvent', 'review', 'schemaVersion',
      'sdDatePublished', 'sdLicense', 'sdPublisher', 'size', 'sourceOrganization', 'spatial', 'spatialCoverage',
      'sponsor', 'teaches', 'temporal', 'temporalCoverage', 'text', 'thumbnail', 'thumbnailUrl', 'timeRequired',
      'translationOfWork', 'translator', 'typicalAgeRange', 'usageInfo', 'version', 'video', 'workExample',
      'workTranslation',
    ],
  },
  Review: {
    parent: 'CreativeWork',
    properties: [
      'associatedClaimReview', 'associatedMediaReview', 'associatedReview', 'itemReviewed', 'negativeNotes',
      'positiveNotes', 'reviewAspect', 'reviewBody', 'reviewRating',
    ],
  },
  ClaimReview: { parent: 'Review', properties: ['claimReviewed'] },
  Claim: { parent: 'CreativeWork', properties: ['appearance', 'claimInterpreter', 'firstAppearance'] },
  Article: {
    parent: 'CreativeWork',
    properties: ['articleBody', 'articleSection', 'backstory', 'pageEnd', 'pageStart', 'pagination', 'speakable', 'wordCount'],
  },
  NewsArticle: { parent: 'Article', properties: ['dateline', 'printColumn', 'printEdition', 'printPage', 'printSection'] },
  Intangible: { parent: 'Thing', properties: [] },
  Rating: { parent: 'Intangible', properties: ['author', 'bestRating', 'ratingExplanation', 'ratingValue', 'reviewAspect', 'worstRating'] },
  Organization: {
    parent: 'Thing',
    properties: [
      'actionableFeedbackPolicy', 'address', 'agentInteractionStatistic', 'aggregateRating', 'alumni', 'areaServed',
      'award', 'brand', 'contactPoint', 'correctionsPolicy', 'department', 'dissolutionDate', 'diversityPolicy',
      'diversityStaffingReport', 'duns', 'email', 'employee', 'ethicsPolicy', 'event', 'faxNumber', 'founder',
      'foundingDate', 'foundingLocation', 'funder', 'funding', 'globalLocationNumber', 'hasCredential',
      'hasMerchantReturnPolicy', 'hasOfferCatalog', 'hasPOS', 'interactionStatistic', 'isicV4', 'iso6523Code',
      'keywords', 'knowsAbout', 'knowsLanguage', 'legalName', 'leiCode', 'location', 'logo', 'makesOffer', 'member',
      'memberOf', 'naics', 'nonprofitStatus', 'numberOfEmployees', 'ownershipFundingInfo', 'owns', 'parentOrganization',
      'publishingPrinciples', 'review', 'seeks', 'slogan', 'sponsor', 'subOrganization', 'taxID', 'telephone',
      'unnamedSourcesPolicy', 'vatID',
    ],
  },
  Person: {
    parent: 'Thing',
    properties: [
      'additionalName', 'address', 'affiliation', 'agentInteractionStatistic', 'alumniOf', 'award', 'birthDate',
      'birthPlace', 'brand', 'callSign', 'children', 'colleague', 'contactPoint', 'deathDate', 'deathPlace', 'duns',
      'email', 'familyName', 'faxNumber', 'follows', 'funder', 'funding', 'gender', 'givenName', 'globalLocationNumber',
      'hasCredential', 'hasOccupation', 'hasOfferCatalog', 'hasPOS', 'height', 'homeLocation', 'honorificPrefix',
      'honorificSuffix', 'interactionStatistic', 'isicV4', 'jobTitle', 'knows', 'knowsAbout', 'knowsLanguage',
      'makesOffer', 'memberOf', 'naics', 'nationality', 'netWorth', 'owns', 'parent', 'performerIn',
      'publishingPrinciples', 'relatedTo', 'seeks', 'sibling', 'sponsor', 'spouse', 'taxID', 'telephone', 'vatID',
      'weight', 'workLocation', 'worksFor',
    ],
  },
};

type Literal = 'Text' | 'URL' | 'Date' | 'DateTime' | 'Number';

/** Expected values (schema.org "Values expected to be one of these types") of every property a ClaimReview here may use. */
const ranges: Record<string, Array<Literal | keyof typeof schemaTypes>> = {
  url: ['URL'],
  name: ['Text'],
  text: ['Text'],
  alternateName: ['Text'],
  headline: ['Text'],
  claimReviewed: ['Text'],
  ratingExplanation: ['Text'],
  inLanguage: ['Text'],
  datePublished: ['Date', 'DateTime'],
  dateModified: ['Date', 'DateTime'],
  author: ['Organization', 'Person'],
  publisher: ['Organization', 'Person'],
  reviewRating: ['Rating'],
  itemReviewed: ['Thing'],
  appearance: ['CreativeWork'],
  firstAppearance: ['CreativeWork'],
  ratingValue: ['Number', 'Text'],
  bestRating: ['Number', 'Text'],
  worstRating: ['Number', 'Text'],
};

const allowedProperties = (type: string): Set<string> => {
  const properties = new Set<string>();
  for (let current: string | undefined = type; current; current = schemaTypes[current]!.parent) {
    for (const property of schemaTypes[current]!.properties) properties.add(property);
  }
  return properties;
};

const isSubtypeOf = (type: string, ancestor: string): boolean => {
  for (let current: string | undefined = type; current; current = schemaTypes[current]?.parent) {
    if (current === ancestor) return true;
  }
  return false;
};

const literalHolds: Record<Literal, (value: unknown) => boolean> = {
  Text: (value) => typeof value === 'string' && value.trim().length > 0,
  URL: (value) => typeof value === 'string' && /^https?:$/.test(URL.canParse(value) ? new URL(value).protocol : ''),
  Date: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  DateTime: (value) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  Number: (value) => typeof value === 'number' && Number.isFinite(value),
};

/** Every node: a known @type, one of the property's expected types, only that type's properties, each value as expected. */
function validateNode(value: unknown, expected: string[], path: string): void {
  if (Array.isArray(value)) {
    // schema.org lets any property take several values (a claim's appearances).
    assert.ok(value.length > 0, `${path}: an empty list`);
    value.forEach((item, index) => validateNode(item, expected, `${path}[${index}]`));
    return;
  }
  const literals = expected.filter((type): type is Literal => type in literalHolds);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    assert.ok(literals.some((literal) => literalHolds[literal](value)), `${path}: ${JSON.stringify(value)} is not one of ${expected.join(', ')}`);
    return;
  }
  const node = value as Record<string, unknown>;
  const type = node['@type'];
  assert.equal(typeof type, 'string', `${path}: an object without @type`);
  assert.ok(schemaTypes[type as string], `${path}: @type ${String(type)} is not one this ClaimReview should use`);
  assert.ok(
    expected.some((candidate) => isSubtypeOf(type as string, candidate)),
    `${path}: a ${String(type)} where schema.org expects ${expected.join(' or ')}`,
  );
  const allowed = allowedProperties(type as string);
  for (const [property, child] of Object.entries(node)) {
    if (property === '@type' || (property === '@context' && path === 'ClaimReview')) continue;
    assert.ok(allowed.has(property), `${path}: ${property} is not a property of ${String(type)}`);
    assert.ok(ranges[property], `${path}.${property}: give its schema.org range in this test`);
    validateNode(child, ranges[property]!, `${path}.${property}`);
  }
}

type RatingScaleJson = { bestValue: number; worstValue: number; ratings: Array<{ id: string; label: string; value: number | null }> };

/** A feed item's ClaimReview: valid schema.org, with what Google's fact-check markup requires, and agreeing with the item. */
function assertValidClaimReview(item: FeedItem, scale: RatingScaleJson): void {
  const review = item._claimreview.claimReview;
  const where = `ClaimReview of ${item.id}`;
  assert.equal(review['@context'], 'https://schema.org', where);
  assert.equal(review['@type'], 'ClaimReview', where);
  validateNode(review, ['ClaimReview'], 'ClaimReview');
  for (const required of ['url', 'claimReviewed', 'datePublished', 'author', 'reviewRating', 'itemReviewed']) {
    assert.ok(review[required] !== undefined, `${where}: ${required} is required`);
  }
  assert.equal(review.url, item.url, where);
  assert.equal(review.datePublished, item.date_published, where);
  assert.equal(review.itemReviewed['@type'], 'Claim', where);
  assert.ok([...review.claimReviewed].length <= 75, `${where}: claimReviewed is at most 75 code points: ${review.claimReviewed}`);
  assert.equal(typeof review.author.url, 'string', `${where}: the author's url is required`);
  assert.equal(typeof review.itemReviewed.text, 'string', `${where}: itemReviewed.text holds the quote`);
  assert.ok(item.content_text.includes(`“${review.itemReviewed.text}”`), `${where}: the full quote is in content_text`);
  assert.equal(item._claimreview.about, `${base}/docs/feed-extensions#claimreview`, where);
  assert.equal(item._corrections.about, `${base}/docs/feed-extensions#corrections`, where);
  assert.ok(Array.isArray(item._corrections.items), where);
  const rating = review.reviewRating as Record<string, unknown>;
  assert.equal(typeof rating.name, 'string', `${where}: the rating's name (its label) is required`);
  assert.equal(rating.alternateName, rating.name, `${where}: the rating's alternateName is its label too`);
  const onScale = scale.ratings.find((candidate) => candidate.label === rating.name);
  assert.ok(onScale, `${where}: ${String(rating.name)} is a label of the rating scale`);
  const numeric = ['ratingValue', 'bestRating', 'worstRating'] as const;
  if (onScale.value === null) {
    for (const field of numeric) assert.equal(rating[field], undefined, `${where}: ${field} without a numeric rating`);
  } else {
    for (const field of numeric) assert.equal(typeof rating[field], 'number', `${where}: ${field} for a numeric rating`);
    assert.equal(rating.ratingValue, onScale.value, `${where}: ratingValue is the scale's value for ${onScale.label}`);
    assert.equal(rating.bestRating, scale.bestValue, `${where}: bestRating is the scale's best`);
    assert.equal(rating.worstRating, scale.worstValue, `${where}: worstRating is the scale's worst`);
    assert.ok((rating.worstRating as number) <= (rating.ratingValue as number), `${where}: worstRating ≤ ratingValue`);
    assert.ok((rating.ratingValue as number) <= (rating.bestRating as number), `${where}: ratingValue ≤ bestRating`);
  }
  assert.ok(item.tags.includes(`rating:${onScale.id}`), `${where}: the rating tag agrees with the ClaimReview`);
}

describe('GET /feed.json', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    app = await startTestApp({
      publicBaseUrl: base,
      organization,
      reviewLanguage,
      // Walking the whole shared feed page by page takes many requests; the limit is public-cache's subject.
      publicRateLimit: { perMinute: 10_000_000, store: 'memory' },
    });
    crew = await hireEditors(app);
  });
  after(() => app.close());

  const factCheckUrl = (claimId: string) => `${base}/fact-checks/${claimId}`;

  /** The whole feed, 100 a page: its items in order and the raw text of every page. */
  async function readFeed() {
    const pages = await walkFeed(app.anonymous, { base, firstPath: '/feed.json?limit=100' });
    return { items: pages.flatMap((page) => page.items), raw: pages.map((page) => page.response.text).join('\n'), pages };
  }

  async function itemOf(claimId: string): Promise<FeedItem> {
    const { items } = await readFeed();
    const found = items.filter((item) => item.id === factCheckUrl(claimId));
    assert.equal(found.length, 1, `the fact-check of ${claimId} is in the feed once`);
    return found[0]!;
  }

  /**
   * Publishes a marker and waits until the feed shows it: the feed read afterwards is rendered
   * after everything done before, not served from a cache filled earlier.
   */
  async function renderedAfterNow() {
    const marker = await newPublicClaim(app.api);
    await publish(crew, marker.id);
    return eventually(
      async () => {
        const feed = await readFeed();
        return feed.items.some((item) => item.id === factCheckUrl(marker.id)) && feed;
      },
      2_000,
      'the feed shows the marker just published',
    );
  }

  it('when the feed is read, then it is JSON Feed 1.1 with its title, home page, feed URL and language', async () => {
    for (let i = 0; i < 2; i++) await publish(crew, (await newPublicClaim(app.api)).id);
    const response = await app.anonymous.get('/feed.json?limit=1');
    assert.equal(response.status, 200, response.text);
    assert.match(String(response.headers['content-type']), /^application\/feed\+json(;|$)/);
    const feed = JSON.parse(response.text) as Record<string, any>;
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(typeof feed.title, 'string');
    assert.ok(feed.title.includes(organization.name), `the title names the desk: ${feed.title}`);
    assert.equal(feed.home_page_url, `${base}/`, 'the home page is the site’s list of fact-checks');
    assert.equal(feed.feed_url, `${base}/feed.json`);
    assert.equal(feed.language, reviewLanguage);
    assert.equal(feed.items.length, 1);
    assert.ok(feed.next_url.startsWith(`${base}/feed.json?`), `next_url is absolute on PUBLIC_BASE_URL: ${feed.next_url}`);
    assert.equal(new URL(feed.next_url).searchParams.get('limit'), '1');
  });

  it('when a fact-check is published, then its item has the public URL, title, text, dates, tags and ClaimReview, and no corrections', async () => {
    const claim = await newPublicClaim(app.api, {
      claim: {
        claimant: 'Ana Putri',
        claimDate: '2026-11-19',
        sources: [
          { name: 'Ana Putri', kind: 'official', url: 'https://gov.test/press/bridge' },
          { name: 'Wire Service Asia', kind: 'wire_agency' },
        ],
      },
    });
    const rationale = `The tender documents put the cost at 9 million dollars (${claim.token}).`;
    const published = await publish(crew, claim.id, { rating: 'false', rationale });
    const item = await itemOf(claim.id);
    const { body: article } = await app.api.get(`/api/v1/articles/${claim.articleId}`);
    const summary = `Bridge cost claim ${claim.token}`;

    assert.equal(item.id, factCheckUrl(claim.id));
    assert.equal(item.url, factCheckUrl(claim.id));
    assert.ok(item.title.includes(summary), `title has the claim: ${item.title}`);
    assert.ok(item.title.includes('False'), `title has the verdict label: ${item.title}`);
    for (const part of [summary, 'False', rationale, 'Ana Putri', `Ana Putri → Wire Service Asia → “${article.title}”`]) {
      assert.ok(item.content_text.includes(part), `content_text has ${part}:\n${item.content_text}`);
    }
    assert.equal(item.date_published, published.firstPublishedAt);
    assert.equal(item.date_modified, published.lastPublishedAt);
    assert.deepEqual(
      item.tags.filter((tag) => /^(rating|claimant|publisher):/.test(tag)).sort(),
      ['claimant:Ana Putri', 'publisher:Test Daily', 'rating:false'],
    );
    assert.deepEqual(item._corrections, { about: `${base}/docs/feed-extensions#corrections`, items: [] });
    assert.deepEqual(item._claimreview.about, `${base}/docs/feed-extensions#claimreview`);
    assert.deepEqual(item._claimreview.claimReview, {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: factCheckUrl(claim.id),
      claimReviewed: summary,
      datePublished: published.firstPublishedAt,
      dateModified: published.lastPublishedAt,
      author: { '@type': 'Organization', name: organization.name, url: organization.url },
      reviewRating: { '@type': 'Rating', name: 'False', alternateName: 'False', ratingValue: 1, bestRating: 5, worstRating: 1, ratingExplanation: rationale },
      itemReviewed: {
        '@type': 'Claim',
        text: claim.quote,
        author: { '@type': 'Person', name: 'Ana Putri' },
        datePublished: '2026-11-19',
        appearance: [
          {
            '@type': 'NewsArticle',
            headline: article.title,
            url: article.url,
            datePublished: new Date(article.publishedAt).toISOString(),
            publisher: { '@type': 'Organization', name: 'Test Daily' },
            inLanguage: 'en',
          },
        ],
        firstAppearance: { '@type': 'CreativeWork', url: 'https://gov.test/press/bridge', author: { '@type': 'Person', name: 'Ana Putri' } },
      },
      inLanguage: reviewLanguage,
    });
  });

  it('when the article has no known publisher, then the item has no publisher tag and its ClaimReview no publisher', async () => {
    const claim = await newPublicClaim(app.api, { article: { publisher: null, url: null } });
    await publish(crew, claim.id);
    const item = await itemOf(claim.id);
    assert.deepEqual(item.tags.filter((tag) => tag.startsWith('publisher:')), []);
    assert.ok(item.tags.includes('claimant:The ministry'), JSON.stringify(item.tags));
    assert.equal(item._claimreview.claimReview.itemReviewed.appearance[0].publisher, undefined);
    assert.equal(item._claimreview.claimReview.itemReviewed.appearance[0].url, undefined);
  });

  it('when claims are unverified, in progress, in review, not checkable or under correction, then nothing unpublished of them reaches the feed', async () => {
    const hidden: Record<string, { id: string; token: string }> = {};
    for (const status of ['unverified', 'in_progress', 'not_checkable']) {
      const claim = await newPublicClaim(app.api);
      await driveTo(crew, claim.id, status);
      hidden[status] = claim;
    }
    const inReview = await newPublicClaim(app.api);
    const reviewRationale = `Unapproved rationale ${uniqueToken()}`;
    await propose(crew, inReview.id, { rating: 'mostly-false', rationale: reviewRationale });
    hidden.in_review = inReview;

    const corrected = await newPublicClaim(app.api);
    const publishedRationale = `Approved rationale ${uniqueToken()}`;
    await publish(crew, corrected.id, { rating: 'false', rationale: publishedRationale });
    const correctionRationale = `Correction under review ${uniqueToken()}`;
    const underCorrection = await proposeCorrection(crew, corrected.id, { rating: 'true', rationale: correctionRationale });
    assert.equal(underCorrection.status, 'in_review');
    assert.equal(underCorrection.proposal.rationale, correctionRationale);

    const { items, raw } = await renderedAfterNow();
    for (const [status, claim] of Object.entries(hidden)) {
      assert.ok(!raw.includes(claim.id), `the ${status} claim's id is not in the feed`);
      assert.ok(!raw.includes(claim.token), `the ${status} claim's text is not in the feed`);
    }
    assert.ok(!raw.includes(reviewRationale), 'a proposal awaiting review is not in the feed');
    assert.ok(!raw.includes(correctionRationale), 'the proposal of a claim under correction is nowhere in the feed');
    const item = items.find((candidate) => candidate.id === factCheckUrl(corrected.id));
    assert.ok(item, 'a claim under correction stays in the feed with its published verdict');
    assert.ok(item.content_text.includes(publishedRationale));
    assert.ok(item.tags.includes('rating:false'));
    assert.deepEqual(item._corrections.items, []);

    for (const format of ['application/json', 'application/ld+json']) {
      const page = await app.anonymous.get(`/fact-checks/${corrected.id}`).set('Accept', format);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes(publishedRationale), `${format}: the published rationale`);
      assert.ok(!page.text.includes(correctionRationale), `${format}: not the proposal under review`);
    }
  });

  it('when fact-checks are published and one is corrected, then the feed lists the newest change first', async () => {
    const [a, b, c] = [await newPublicClaim(app.api), await newPublicClaim(app.api), await newPublicClaim(app.api)];
    for (const claim of [a, b, c]) await publish(crew, claim.id);
    await republish(crew, a.id, { rating: 'half-true', rationale: 'Half of it holds.' }, 'Corrected: the first estimate was revised.');
    const { items } = await renderedAfterNow();
    const position = (claimId: string) => items.findIndex((item) => item.id === factCheckUrl(claimId));
    assert.ok([a, b, c].every((claim) => position(claim.id) >= 0), 'all three are in the feed');
    assert.deepEqual(
      [a, b, c].sort((x, y) => position(x.id) - position(y.id)).map((claim) => claim.id),
      [a.id, c.id, b.id],
      'the corrected one first, then the others newest first',
    );
    const modified = items.map((item) => Date.parse(item.date_modified));
    modified.forEach((time, index) => assert.ok(index === 0 || modified[index - 1]! >= time, `item ${index} is not newer than item ${index - 1}`));
  });

  it('when a fact-check is corrected, then date_modified moves, date_published stays and _corrections lists the earlier verdict with the note', async () => {
    const claim = await newPublicClaim(app.api);
    const firstRationale = `The budget says 9 million (${claim.token}).`;
    const first = await publish(crew, claim.id, { rating: 'false', rationale: firstRationale });
    const before = await itemOf(claim.id);
    const secondRationale = `The 5 million covered the first phase only (${claim.token}).`;
    const note = `Corrected: the 5 million figure is for phase one (${claim.token}).`;
    const second = await republish(crew, claim.id, { rating: 'misleading', rationale: secondRationale }, note);
    assert.ok(Date.parse(second.lastPublishedAt) > Date.parse(first.lastPublishedAt));

    const item = await eventually(async () => {
      const current = await itemOf(claim.id);
      return current.date_modified !== before.date_modified && current;
    }, 2_000, 'the corrected item is in the feed');
    assert.equal(item.date_published, first.firstPublishedAt, 'date_published stays');
    assert.equal(item.date_modified, second.lastPublishedAt, 'date_modified is the republication');
    assert.ok(item.title.includes('Misleading'), item.title);
    assert.ok(item.content_text.includes(secondRationale));
    assert.ok(item.tags.includes('rating:misleading') && !item.tags.includes('rating:false'), JSON.stringify(item.tags));
    assert.deepEqual(item._corrections.items, [
      {
        date: second.lastPublishedAt,
        note,
        previousRating: 'false',
        previousRatingLabel: 'False',
        previousRationale: firstRationale,
        rating: 'misleading',
      },
    ]);
    assert.equal(item._claimreview.claimReview.datePublished, first.firstPublishedAt);
    assert.equal(item._claimreview.claimReview.dateModified, second.lastPublishedAt);
    assert.equal(item._claimreview.claimReview.reviewRating.alternateName, 'Misleading');
    assert.equal(item._claimreview.claimReview.reviewRating.ratingValue, undefined, 'misleading has no number on the scale');
  });

  it('when a published claim is edited, then the public item keeps the approved text until it is republished', async () => {
    const claim = await newPublicClaim(app.api);
    const approved = `Bridge cost claim ${claim.token}`;
    await publish(crew, claim.id);
    const edited = `Edited summary ${uniqueToken()}`;
    const patched = await patchClaim(app.api, claim.id, { summary: edited, claimant: 'Someone else entirely' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.summary, edited);

    // Rendered after the edit (the marker's publication dropped every cached page).
    const { items, raw } = await renderedAfterNow();
    assert.ok(!raw.includes(edited), 'the unapproved edit is nowhere in the feed');
    const item = items.find((candidate) => candidate.id === factCheckUrl(claim.id))!;
    assert.ok(item.title.includes(approved), item.title);
    assert.ok(item.content_text.includes('Claimant: The ministry'), item.content_text);
    assert.equal(item._claimreview.claimReview.claimReviewed, approved);
    assert.equal(item._claimreview.claimReview.itemReviewed.author.name, 'The ministry');
    const page = await app.anonymous.get(`/fact-checks/${claim.id}`);
    assert.equal(page.body.claim.summary, approved, 'the fact-check page shows the approved text too');

    await republish(crew, claim.id, { rating: 'false', rationale: 'Still false.' }, 'Corrected: the summary now names the phase.');
    const republished = await eventually(async () => {
      const current = await itemOf(claim.id);
      return current._corrections.items.length === 1 && current;
    }, 2_000, 'the republished item is in the feed');
    assert.ok(republished.title.includes(edited), republished.title);
    assert.ok(!republished.title.includes(approved), republished.title);
    assert.ok(republished.content_text.includes('Claimant: Someone else entirely'), republished.content_text);
    assert.equal(republished._claimreview.claimReview.claimReviewed, edited);
  });

  it('when the feed is walked two at a time while a new item is published, then each earlier item is seen exactly once', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) {
      const claim = await newPublicClaim(app.api);
      await publish(crew, claim.id);
      mine.push(claim.id);
    }
    // Read once so that the walk below starts after all five are in the feed.
    await eventually(async () => {
      const { items } = await readFeed();
      return mine.every((id) => items.some((item) => item.id === factCheckUrl(id)));
    }, 2_000, 'the five are in the feed');

    let latecomer: string | undefined;
    const pages = await walkFeed(app.anonymous, {
      base,
      firstPath: '/feed.json?limit=2',
      between: async (page) => {
        if (page !== 1) return;
        const claim = await newPublicClaim(app.api);
        await publish(crew, claim.id);
        latecomer = claim.id;
      },
    });
    assert.ok(latecomer);
    const seen = pages.flatMap((page) => page.items.map((item) => item.id));
    assert.equal(new Set(seen).size, seen.length, 'no item twice in one walk');
    for (const id of mine) {
      assert.equal(seen.filter((url) => url === factCheckUrl(id)).length, 1, `${id} seen exactly once`);
    }
    assert.ok(!seen.includes(factCheckUrl(latecomer)), 'an item published mid-walk is newer than the cursor: the walk goes on past it');
    pages.forEach((page, index) => {
      assert.ok(page.items.length <= 2, `page ${index} has at most 2 items`);
      const last = index === pages.length - 1;
      assert.equal(page.body.next_url === undefined, last, `only the last page has no next_url (page ${index})`);
      if (!last) assert.equal(page.items.length, 2, `a page before the last is full (page ${index})`);
      if (!last) assert.equal(new URL(page.body.next_url).searchParams.get('limit'), '2');
    });
    const modified = pages.flatMap((page) => page.items.map((item) => Date.parse(item.date_modified)));
    modified.forEach((time, index) => assert.ok(index === 0 || modified[index - 1]! >= time, `walk position ${index} is in order`));

    const again = (await readFeed()).items.map((item) => item.id);
    const latecomerAt = again.indexOf(factCheckUrl(latecomer));
    assert.ok(latecomerAt >= 0, 'a new walk sees the latecomer');
    assert.ok(mine.every((id) => again.indexOf(factCheckUrl(id)) > latecomerAt), 'before the five published earlier');
  });

  it('when limit is 0 or 101 or the cursor is not one the feed issued, then 422 validation-failed names the parameter', async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: Array<[string, string]> = [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=two', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${forged({ t: 'yesterday', id: '00000000-0000-4000-8000-000000000000' })}`, 'cursor'],
      [`cursor=${forged({ t: new Date().toISOString(), id: "x' OR 1=1 --" })}`, 'cursor'],
      [`cursor=${forged({ seq: '1' })}`, 'cursor'],
    ];
    for (const [query, parameter] of cases) {
      const response = await app.anonymous.get(`/feed.json?${query}`);
      assertProblem(response, 422, 'validation-failed');
      assert.deepEqual(
        [...new Set((response.body.errors as Array<{ parameter: string }>).map((error) => error.parameter))],
        [parameter],
        `${query}: ${response.text}`,
      );
    }
    // The edges themselves are fine.
    for (const limit of [1, 100]) assert.equal((await app.anonymous.get(`/feed.json?limit=${limit}`)).status, 200);
  });

  it('when a cursor holds a 36-character id that is not a UUID, or a time not as the feed writes it, then 422 names the cursor and nothing is logged at error level', async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = new Date().toISOString();
    const log = captureLog();
    const logged = await startTestApp({ logLevel: 'info' }, { logTo: log.stream });
    try {
      for (const cursor of [
        forged({ t: now, id: '-'.repeat(36) }),
        forged({ t: now, id: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaaa' }),
        forged({ t: now, id: 'gggggggg-gggg-4ggg-8ggg-gggggggggggg' }),
        forged({ t: '0000-01-01T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' }),
        forged({ t: '-271821-04-20T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' }),
        forged({ t: '2026-02-30T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' }),
        forged({ t: 1e300, id: '00000000-0000-4000-8000-000000000000' }),
      ]) {
        const response = await logged.anonymous.get('/feed.json').query({ cursor });
        assertProblem(response, 422, 'validation-failed');
        assert.deepEqual((response.body.errors as Array<{ parameter: string }>).map((error) => error.parameter), ['cursor'], cursor);
      }
      assert.deepEqual(log.lines().filter((line) => line.level >= errorLevel), [], 'no error-level log line');
      assert.ok(!/select|"claims"/i.test(log.text()), 'no SQL in the log');
    } finally {
      await logged.close();
    }
  });

  it('when an item’s extensions are read, then _claimreview and _corrections are objects whose about URL is this service’s page describing them', async () => {
    await publish(crew, (await newPublicClaim(app.api)).id);
    const { items } = await readFeed();
    const [item] = items;
    for (const [extension, fragment] of [['_claimreview', 'claimreview'], ['_corrections', 'corrections']] as const) {
      const value = item![extension];
      assert.ok(value && typeof value === 'object' && !Array.isArray(value), `${extension} is an object (JSON Feed 1.1 extensions are)`);
      const about = new URL(value.about);
      assert.equal(`${about.origin}${about.pathname}`, `${base}/docs/feed-extensions`);
      assert.equal(about.hash, `#${fragment}`);
      const page = await app.anonymous.get(about.pathname);
      assert.equal(page.status, 200, page.text);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.text, new RegExp(`id="${fragment}"[^]*<code>${extension}</code>`), `the page has the #${fragment} section`);
    }
  });

  it('when any item of the feed is read, then its _claimreview is valid schema.org ClaimReview with a rating as the scale has it', async () => {
    const numeric = await newPublicClaim(app.api, {
      claim: { sources: [{ name: 'Ministry of Public Works', kind: 'government', url: 'https://pu.test/release' }], claimDate: '2026-11-01' },
    });
    await publish(crew, numeric.id, { rating: 'mostly-true', rationale: 'Close to the budget line.' });
    const wordy = await newPublicClaim(app.api, { article: { publisher: null, url: null, publishedAt: null }, claim: { sources: [] } });
    await publish(crew, wordy.id, { rating: 'unproven', rationale: 'No budget line was published.' });
    const scale = (await app.api.get('/api/v1/ratings')).body as RatingScaleJson;
    assert.ok(scale.ratings.some((rating) => rating.value === null) && scale.ratings.some((rating) => rating.value !== null));

    const { items } = await renderedAfterNow();
    for (const item of items) assertValidClaimReview(item, scale);
    const reviewOf = (claimId: string) => items.find((item) => item.id === factCheckUrl(claimId))!._claimreview.claimReview;
    assert.equal(reviewOf(numeric.id).reviewRating.ratingValue, 4);
    assert.equal(reviewOf(numeric.id).itemReviewed.firstAppearance.url, 'https://pu.test/release');
    assert.equal(reviewOf(wordy.id).reviewRating.ratingValue, undefined);
    assert.equal(reviewOf(wordy.id).itemReviewed.firstAppearance, undefined);

    // The validator itself rejects what it must.
    const good = items.find((item) => item.id === factCheckUrl(numeric.id))!;
    const broken = (change: (review: Record<string, any>) => void) => {
      const copy = structuredClone(good);
      change(copy._claimreview.claimReview);
      return () => assertValidClaimReview(copy, scale);
    };
    assert.throws(broken((review) => (review.reviewRating.score = 4)), /score is not a property of Rating/);
    assert.throws(broken((review) => (review.itemReviewed.appearance[0]['@type'] = 'Rating')), /expects CreativeWork/);
    assert.throws(broken((review) => delete review.reviewRating.alternateName), /alternateName/);
    assert.throws(broken((review) => delete review.reviewRating.name), /rating's name/);
    assert.throws(broken((review) => delete review.author.url), /author's url/);
    assert.throws(broken((review) => (review.claimReviewed = 'x'.repeat(76))), /at most 75/);
    assert.throws(broken((review) => delete review.author), /author is required/);
    assert.throws(broken((review) => (review.reviewRating.ratingValue = 6)), /ratingValue/);
    assert.throws(broken((review) => (review.datePublished = 'last week')), /datePublished/);
  });
});
