import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchClaim } from '../support/factories';
import { hireEditors, newPublicClaim, propose, publish, republish } from '../support/public';
import { startTestApp, type TestApp } from '../support/test-app';
import { driveTo, readClaim, type Crew } from '../support/workflow';

describe('GET /fact-checks/:id', () => {
  let app: TestApp;
  let crew: Crew;
  before(async () => {
    // No PUBLIC_BASE_URL: the public URLs are built from the host the request was made to.
    app = await startTestApp({ publicRateLimit: { perMinute: 10_000_000, store: 'memory' } });
    crew = await hireEditors(app);
  });
  after(() => app.close());

  const sources = [
    { name: 'Dewi Lestari', kind: 'person', url: 'https://social.test/dewi/1', note: 'First said on a livestream.' },
    { name: 'Kabar Wire', kind: 'wire_agency' },
  ];

  it('when a published fact-check is read without a token, then it is JSON with the claim as published, article, verdict, no corrections and the ClaimReview', async () => {
    const claim = await newPublicClaim(app.api, { claim: { claimant: 'Dewi Lestari', claimDate: '2026-11-18', sources } });
    const rationale = `The contract is for 9 million dollars (${claim.token}).`;
    const published = await publish(crew, claim.id, { rating: 'mostly-false', rationale });
    const { body: article } = await app.api.get(`/api/v1/articles/${claim.articleId}`);

    const response = await app.anonymous.get(`/fact-checks/${claim.id}`);
    assert.equal(response.status, 200, response.text);
    assert.match(String(response.headers['content-type']), /^application\/json(;|$)/);
    const url = `${app.baseUrl}/fact-checks/${claim.id}`;
    const { claimReview, ...page } = response.body as Record<string, any>;
    assert.deepEqual(page, {
      id: claim.id,
      url,
      claim: {
        quote: claim.quote,
        summary: `Bridge cost claim ${claim.token}`,
        claimant: 'Dewi Lestari',
        claimDate: '2026-11-18',
        language: 'en',
        sources: [
          { position: 0, ...sources[0] },
          { position: 1, ...sources[1], url: null, note: null },
        ],
      },
      article: {
        title: article.title,
        url: article.url,
        publisher: 'Test Daily',
        publishedAt: new Date(article.publishedAt).toISOString(),
        language: 'en',
      },
      verdict: {
        rating: 'mostly-false',
        label: 'Mostly false',
        value: 2,
        ratingScaleVersion: published.ratingScaleVersion,
        rationale,
        publishedAt: published.lastPublishedAt,
      },
      datePublished: published.firstPublishedAt,
      dateModified: published.lastPublishedAt,
      articleRevisedAt: null,
      corrections: [],
      matchOf: null,
      alsoAppearedIn: [],
    });
    assert.equal(claimReview['@type'], 'ClaimReview');
    assert.equal(claimReview.url, url);
    assert.equal(claimReview.claimReviewed, `Bridge cost claim ${claim.token}`);
    assert.equal(claimReview.reviewRating.name, 'Mostly false', 'the rating’s name is its label on the scale');
    assert.equal(claimReview.reviewRating.alternateName, 'Mostly false');
    assert.equal(claimReview.reviewRating.ratingValue, 2);
    assert.equal(claimReview.itemReviewed.author['@type'], 'Person');
    assert.equal(claimReview.itemReviewed.text, claim.quote, 'the exact words stay in itemReviewed');
    // No ORGANIZATION_URL here: the author is the site itself.
    assert.deepEqual(claimReview.author, { '@type': 'Organization', name: app.config.organization.name, url: app.baseUrl });
    // Nothing from the desk: who proposed and approved, the workflow state, the proposal.
    for (const internal of [crew.checker.id, crew.editor.id, 'proposal', 'assigneeId', 'status', 'quoteSha256']) {
      assert.ok(!response.text.includes(internal), `the public page does not show ${internal}`);
    }

    const withBadToken = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Authorization', 'Bearer not-a-token');
    assert.equal(withBadToken.status, 200, 'the public page ignores credentials');
    const upperCase = await app.anonymous.get(`/fact-checks/${claim.id.toUpperCase()}`);
    assert.equal(upperCase.status, 200);
    assert.equal(upperCase.body.id, claim.id);
  });

  it('when summaries are longer than 75 characters, then claimReviewed is cut after a whole word or emoji with “…”, and the page keeps the full text', async () => {
    const padded = (length: number) => `Bridge ${'x'.repeat(length - 'Bridge '.length)}`;
    const family = '👩‍👩‍👧'; // five code points joined by ZWJ: one grapheme
    const cases: Array<{ summary: string; reviewed: string }> = [
      { summary: padded(75), reviewed: padded(75) },
      { summary: 'The ministry said   the\u00a0bridge cost 5m', reviewed: 'The ministry said the bridge cost 5m' },
      {
        summary: 'The minister said the new bridge across the bay cost five million dollars, which the tender documents contradict.',
        reviewed: 'The minister said the new bridge across the bay cost five million dollars…',
      },
      // Flags are two regional indicators each: a cut at 74 code points would fall inside the 34th.
      { summary: `Bridge ${'🇮🇩'.repeat(40)}`, reviewed: `Bridge ${'🇮🇩'.repeat(33)}…` },
      // The family would span code points 72 to 76: it does not fit, and is not split.
      { summary: `${'Ayo '.repeat(17)}ab ${family} menang`, reviewed: `${'Ayo '.repeat(17)}ab…` },
      { summary: `${'Ayo '.repeat(16)}${family} menang besar sekali`, reviewed: `${'Ayo '.repeat(16)}${family}…` },
      // One word longer than the limit: cut between graphemes (é as e + U+0301 stays whole).
      { summary: 'Ke\u0301'.repeat(40), reviewed: `${'Ke\u0301'.repeat(24)}K…` },
    ];
    for (const { summary, reviewed } of cases) {
      const claim = await newPublicClaim(app.api, { claim: { summary } });
      await publish(crew, claim.id);
      const page = await app.anonymous.get(`/fact-checks/${claim.id}`);
      assert.equal(page.status, 200, page.text);
      const { claimReviewed } = page.body.claimReview as { claimReviewed: string };
      assert.equal(claimReviewed, reviewed, summary);
      assert.ok([...claimReviewed].length <= 75, `${claimReviewed}: at most 75 code points`);
      assert.ok(claimReviewed.isWellFormed(), `${claimReviewed}: no lone surrogate`);
      assert.equal(page.body.claim.summary, summary, 'the page keeps the summary as approved');
    }
  });

  it('when Accept asks for application/ld+json, then the answer is the ClaimReview alone, as application/ld+json', async () => {
    const claim = await newPublicClaim(app.api);
    await publish(crew, claim.id);
    const json = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/json');
    const ld = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/ld+json');
    assert.equal(ld.status, 200, ld.text);
    assert.match(String(ld.headers['content-type']), /^application\/ld\+json(;|$)/);
    const review = JSON.parse(ld.text) as Record<string, any>;
    assert.equal(review['@context'], 'https://schema.org');
    assert.equal(review['@type'], 'ClaimReview');
    assert.deepEqual(review, json.body.claimReview);
    assert.match(String(json.headers['content-type']), /^application\/json(;|$)/);
    const preferred = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/json;q=0.5, application/ld+json');
    assert.match(String(preferred.headers['content-type']), /^application\/ld\+json/, 'the preferred type wins');
    const anything = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', '*/*');
    assert.match(String(anything.headers['content-type']), /^application\/json/, 'JSON when anything goes');
  });

  it('when a published claim is edited, then its page still shows the claim as approved', async () => {
    const claim = await newPublicClaim(app.api, { claim: { sources } });
    await publish(crew, claim.id);
    const approved = (await readClaim(app.api, claim.id)).body;
    const patched = await patchClaim(app.api, claim.id, { summary: 'A different summary', claimant: 'Somebody', sources: [] });
    assert.equal(patched.status, 200, patched.text);

    app.publicCache.invalidate('a test edited the database directly'); // so that the page below is rendered from the database, after the edit
    const misses = app.publicCache.misses;
    const page = await app.anonymous.get(`/fact-checks/${claim.id}`);
    assert.equal(app.publicCache.misses, misses + 1, 'rendered from the database after the edit');
    assert.deepEqual(page.body.claim, {
      quote: approved.quote,
      summary: approved.summary,
      claimant: approved.claimant,
      claimDate: approved.claimDate,
      language: approved.language,
      sources: approved.sources,
    });
    assert.equal(page.body.claimReview.claimReviewed, approved.summary);
  });

  it('when a checker changes the title, url, publisher, date and language of a published fact-check’s article, then the feed item, the page and its ClaimReview still show the article as approved', async () => {
    const claim = await newPublicClaim(app.api);
    await publish(crew, claim.id);
    const publicFace = async () => {
      app.publicCache.invalidate('a test reads the public face from the database'); // rendered now, not from before the change
      const feed = await app.anonymous.get('/feed.json?limit=100');
      const item = (feed.body.items as Array<{ id: string }>).find((entry) => entry.id.endsWith(`/fact-checks/${claim.id}`));
      assert.ok(item, 'the fact-check is in the feed');
      const page = await app.anonymous.get(`/fact-checks/${claim.id}`);
      const ld = await app.anonymous.get(`/fact-checks/${claim.id}`).set('Accept', 'application/ld+json');
      assert.deepEqual([page.status, ld.status], [200, 200]);
      return { item: JSON.stringify(item), page: page.text, ld: ld.text };
    };
    const approved = await publicFace();
    const { body: article } = await app.api.get(`/api/v1/articles/${claim.articleId}`);
    assert.ok(approved.page.includes(article.title) && approved.ld.includes(article.url) && approved.item.includes('Test Daily'));

    const checker = await app.user('checker');
    const patched = await checker.api.patch(`/api/v1/articles/${claim.articleId}`).send({
      title: `Unreviewed title ${claim.token}`,
      url: `https://elsewhere.test/${claim.token}`,
      publisher: `Unreviewed Daily ${claim.token}`,
      publishedAt: '2020-01-01T00:00:00Z',
      language: 'id',
    });
    assert.equal(patched.status, 200, patched.text);

    const now = await publicFace();
    assert.deepEqual(now, approved);
    for (const text of Object.values(now)) assert.ok(!text.includes('Unreviewed') && !text.includes('elsewhere.test'));
  });

  it('when a fact-check is corrected, then the verdict is the new one and corrections list the earlier one with the note', async () => {
    const claim = await newPublicClaim(app.api);
    const first = await publish(crew, claim.id, { rating: 'true', rationale: 'The budget line says 5 million.' });
    const note = 'Corrected: the budget line was for the first phase only.';
    const second = await republish(crew, claim.id, { rating: 'half-true', rationale: 'Only the first phase cost 5 million.' }, note);
    const page = await app.anonymous.get(`/fact-checks/${claim.id}`);
    assert.equal(page.status, 200);
    assert.equal(page.body.verdict.rating, 'half-true');
    assert.equal(page.body.verdict.label, 'Half true');
    assert.equal(page.body.verdict.rationale, 'Only the first phase cost 5 million.');
    assert.equal(page.body.datePublished, first.firstPublishedAt);
    assert.equal(page.body.dateModified, second.lastPublishedAt);
    assert.deepEqual(page.body.corrections, [
      {
        date: second.lastPublishedAt,
        note,
        previousRating: 'true',
        previousRatingLabel: 'True',
        previousRationale: 'The budget line says 5 million.',
        rating: 'half-true',
      },
    ]);
  });

  it('when the id is a draft, a claim in review, an unknown uuid or not a uuid, then the same 404 problem, told apart only by the echoed id', async () => {
    const draft = await newPublicClaim(app.api);
    const inReview = await newPublicClaim(app.api);
    await propose(crew, inReview.id, { rating: 'false', rationale: 'Not yet approved.' });
    const setAside = await newPublicClaim(app.api);
    await driveTo(crew, setAside.id, 'not_checkable');
    const ids = [draft.id, inReview.id, setAside.id, '7d3f4a52-9c1e-4b8a-a0f3-3e5c2b1d9e77', draft.id.toUpperCase(), 'not-a-uuid', '12345'];

    const shapes = new Set<string>();
    for (const id of ids) {
      for (const [who, agent] of [['anonymous', app.anonymous], ['an editor', app.api]] as const) {
        const response = await agent.get(`/fact-checks/${encodeURIComponent(id)}`);
        assert.equal(response.status, 404, `${id} for ${who}: ${response.text}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.equal(response.headers['cache-control'], 'no-store');
        const problem = JSON.parse(response.text) as Record<string, unknown>;
        assert.ok(String(problem.detail).includes(JSON.stringify(id)), `the detail echoes ${id}: ${String(problem.detail)}`);
        shapes.add(JSON.stringify({ ...problem, detail: String(problem.detail).replace(JSON.stringify(id), '<id>') }));
      }
    }
    assert.deepEqual([...shapes].map((shape) => JSON.parse(shape)), [
      { type: '/problems/not-found', title: 'The resource does not exist', status: 404, detail: 'No published fact-check with id <id>.' },
    ]);
  });

  it('when the id is not valid percent-encoding, then the same 404 as an unknown id, not kept by caches', async () => {
    for (const id of ['%ZZ', '%E0%A4%A', '%ff']) {
      const response = await app.anonymous.get(`/fact-checks/${id}`);
      assert.equal(response.status, 404, `${id}: ${response.text}`);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(response.headers.vary, 'Accept, Accept-Encoding');
      assert.deepEqual(JSON.parse(response.text), {
        type: '/problems/not-found',
        title: 'The resource does not exist',
        status: 404,
        detail: `No published fact-check with id ${JSON.stringify(id)}.`,
      });
    }
  });
});
