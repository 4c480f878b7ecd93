import { Article } from '../articles/article.entity';
import { ClaimSource } from '../claims/claim-source.entity';
import { Claim } from '../claims/claim.entity';

export const entities = [Article, Claim, ClaimSource];
