import { Article } from '../articles/article.entity';
import { ArticleRevision } from '../articles/article-revision.entity';
import { ArticleEvent } from '../history/article-event.entity';
import { ClaimSource } from '../claims/claim-source.entity';
import { Claim } from '../claims/claim.entity';
import { Evidence } from '../evidence/evidence.entity';
import { ExternalFactCheck } from '../imports/external-fact-check.entity';
import { ClaimEvent } from '../history/claim-event.entity';
import { Rating } from '../ratings/rating.entity';
import { ApiToken } from '../users/api-token.entity';
import { User } from '../users/user.entity';
import { WebSession } from '../web/web-session.entity';
import { PasswordLink } from '../password-links/password-link.entity';
import { Verdict } from '../workflow/verdict.entity';
import { WebhookAttempt } from '../webhooks/webhook-attempt.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookSubscription } from '../webhooks/webhook-subscription.entity';

export const entities = [
  Article, Claim, ClaimSource, User, ApiToken, Rating, Evidence, Verdict, ClaimEvent, ArticleEvent,
  WebSession, PasswordLink, ArticleRevision, WebhookSubscription, WebhookDelivery, WebhookAttempt, ExternalFactCheck,
];
