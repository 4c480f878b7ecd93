import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { composeDecorators, IsNotBlank, IsOptionalButNotNull, MaxCodePoints } from '../http/validators';
import { HasNoControlCharacters, nfc } from '../users/names';
import { webhookEvents, type WebhookEventType } from './webhook-events';

// Host names without a dot (an internal service) and IP literals are allowed here: the target check
// (target-safety.ts) decides on the addresses the name resolves to.
const TargetUrl = composeDecorators(
  IsString(),
  MaxLength(2000),
  IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true }),
);
const Events = composeDecorators(IsArray(), ArrayMinSize(1), ArrayMaxSize(webhookEvents.length), ArrayUnique(), IsIn(webhookEvents, { each: true }));
const Description = composeDecorators(IsString(), MaxCodePoints(500), IsNotBlank(), HasNoControlCharacters());

export class CreateWebhookDto {
  @TargetUrl url: string;
  @Events events: WebhookEventType[];
  @Transform(nfc) @IsOptional() @Description description?: string;
}

export class UpdateWebhookDto {
  @IsOptionalButNotNull() @TargetUrl url?: string;
  @IsOptionalButNotNull() @Events events?: WebhookEventType[];
  /** null clears it. */
  @Transform(nfc) @IsOptional() @Description description?: string | null;
  /** true turns a subscription back on (and forgets why it was off); false turns it off. */
  @IsOptionalButNotNull() @IsBoolean() active?: boolean;
}
