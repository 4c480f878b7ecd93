import type supertest from 'supertest';
import { createArticle, createClaim, uniqueToken, type ClaimJson } from './factories';

/** A made-up word no other test writes (letters only, so that it stays one word once normalised). */
export const uniqueWord = (): string =>
  `zy${uniqueToken()
    .replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!)}`;

/** A claim whose quote is the whole body of a fresh article: `words`, worded as given. */
export async function claimWorded(api: supertest.Agent, words: string, language = 'en'): Promise<ClaimJson & { similar: any[] }> {
  const article = await createArticle(api, { body: words, language });
  return (await createClaim(api, article.id, { quote: words })) as ClaimJson & { similar: any[] };
}
