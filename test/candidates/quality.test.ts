import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelledArticles, measure, type Quality } from './quality';

/** The bar of issue 11: measured at the default threshold on hand-labelled real articles (fixtures/) and the seed. */
const minRecall = 0.9;
const minPrecision = 0.6;
const minClaimantRight = 0.8;

const sum = (all: Quality[]): Quality =>
  all.reduce((total, one) => ({
    claims: total.claims + one.claims,
    recalled: total.recalled + one.recalled,
    candidates: total.candidates + one.candidates,
    precise: total.precise + one.precise,
    claimantRight: total.claimantRight + one.claimantRight,
  }));

describe('candidate quality', () => {
  const articles = labelledArticles().map((article) => ({ article, quality: measure(article) }));

  it('when there are labelled articles in both languages, then the seed and at least one more real article per language are measured', () => {
    const languages = articles.filter(({ article }) => article.name !== 'kim-putin-vladivostok-id').map(({ article }) => article.language);
    assert.ok(languages.includes('id') && languages.includes('en'), languages.join());
    assert.ok(articles.some(({ article }) => article.name === 'kim-putin-vladivostok-id'));
  });

  for (const { article, quality } of articles) {
    it(`when ${article.name} is read at the default threshold, then recall ≥ ${minRecall} and precision ≥ ${minPrecision}`, () => {
      assert.ok(quality.recalled / quality.claims >= minRecall, `recall ${quality.recalled}/${quality.claims}`);
      assert.ok(quality.precise / quality.candidates >= minPrecision, `precision ${quality.precise}/${quality.candidates}`);
    });
  }

  for (const language of ['id', 'en']) {
    it(`when the ${language} articles are taken together, then the claimant is right for ≥ ${minClaimantRight} of the recalled claims`, () => {
      const total = sum(articles.filter(({ article }) => article.language === language).map(({ quality }) => quality));
      assert.ok(total.claimantRight / total.recalled >= minClaimantRight, `claimant ${total.claimantRight}/${total.recalled}`);
      assert.ok(total.recalled / total.claims >= minRecall, `recall ${total.recalled}/${total.claims}`);
      assert.ok(total.precise / total.candidates >= minPrecision, `precision ${total.precise}/${total.candidates}`);
    });
  }
});
