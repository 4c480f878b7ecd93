import { Article } from '../articles/article.entity';
import { ArticleEvent } from '../history/article-event.entity';
import { ClaimSource } from '../claims/claim-source.entity';
import { Claim } from '../claims/claim.entity';
import { Evidence } from '../evidence/evidence.entity';
import { ClaimEvent } from '../history/claim-event.entity';
import { Rating } from '../ratings/rating.entity';
import { ApiToken } from '../users/api-token.entity';
import { User } from '../users/user.entity';
import { WebSession } from '../web/web-session.entity';
import { PasswordLink } from '../password-links/password-link.entity';
import { Verdict } from '../workflow/verdict.entity';

export const entities = [Article, Claim, ClaimSource, User, ApiToken, Rating, Evidence, Verdict, ClaimEvent, ArticleEvent, WebSession, PasswordLink];
