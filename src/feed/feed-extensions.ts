import type { Site } from '../fact-checks/site';

/** Where the feed's extensions are described: the `about` URL JSON Feed 1.1 asks each extension object to carry. */
export const feedExtensionsPath = '/docs/feed-extensions';

export const feedExtensionAbout = (site: Site, extension: 'claimreview' | 'corrections'): string =>
  `${site.baseUrl}${feedExtensionsPath}#${extension}`;

/** The page behind those URLs: static, no script, no style, so the /docs CSP holds. */
export const feedExtensionsPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Feed extensions of the claim tracker</title>
</head>
<body>
  <h1>Extensions in <code>/feed.json</code></h1>
  <p>The feed is <a href="https://www.jsonfeed.org/version/1.1/">JSON Feed 1.1</a>. Each item carries two
  extension objects (keys starting with <code>_</code>); a reader that does not know them ignores them.
  Each has an <code>about</code> key pointing here.</p>

  <h2 id="claimreview"><code>_claimreview</code></h2>
  <p><code>{"about": "…#claimreview", "claimReview": {…}}</code>. <code>claimReview</code> is the fact-check as
  <a href="https://schema.org/ClaimReview">schema.org ClaimReview</a> in JSON-LD, the same document
  <code>GET /fact-checks/{id}</code> answers with <code>Accept: application/ld+json</code>:
  <code>claimReviewed</code> is the claim in at most 75 characters (cut at a word, with “…”), the exact quoted words
  are in <code>itemReviewed.text</code>; <code>reviewRating.name</code> is the rating’s label on the desk’s scale
  (<code>GET /api/v1/ratings</code>), with <code>ratingValue</code>, <code>bestRating</code> and
  <code>worstRating</code> when the rating has a number.
  It is an object of its own rather than the ClaimReview with <code>about</code> added, because
  <code>about</code> is a schema.org property too and would say what the review is about.</p>

  <h2 id="corrections"><code>_corrections</code></h2>
  <p><code>{"about": "…#corrections", "items": [{"date", "note", "previousRating", "previousRatingLabel",
  "previousRationale", "rating"}]}</code>: every earlier verdict of the fact-check, oldest first, each with the
  time and note of the correction that replaced it. <code>items</code> is empty until a fact-check is corrected.</p>
</body>
</html>
`;
