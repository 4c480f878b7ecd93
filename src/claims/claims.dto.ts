import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageCursor, PageLimit } from '../http/pagination';
import {
  composeDecorators,
  IsCalendarDate,
  IsLanguageTag,
  IsNotBlank,
  IsOptionalButNotNull,
  IsSingleLine,
  MaxCodePoints,
} from '../http/validators';
import { IsSearchableQuery } from './claim-search';
import { claimStatuses, type ClaimStatus } from './claim-status';
import { sourceKinds, type SourceKind } from './source-kind';

const maxSourceHops = 20;
const maxOffset = 2_000_000;

export class SourceHopDto {
  @IsString() @MaxLength(300) @IsNotBlank() name: string;
  @IsIn(sourceKinds) kind: SourceKind;
  @IsOptional() @IsString() @MaxLength(2048) @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  url?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}

export const Summary = composeDecorators(IsString(), MaxCodePoints(280), IsNotBlank(), IsSingleLine());
export const Claimant = composeDecorators(IsString(), MaxLength(300), IsNotBlank());
export const Sources = composeDecorators(
  IsArray(),
  ArrayMaxSize(maxSourceHops),
  ValidateNested({ each: true }),
  Type(() => SourceHopDto),
);
export const Offset = composeDecorators(IsInt(), Min(0), Max(maxOffset));

export class CreateClaimDto {
  /** The exact text of the claim in the article body. */
  @IsString() @MinLength(1) @MaxLength(10_000) quote: string;

  /** Code point offsets; give both or neither (the server then finds the quote's single occurrence). */
  @ValidateIf((claim: CreateClaimDto) => claim.start !== undefined || claim.end !== undefined)
  @Offset
  start?: number;

  @ValidateIf((claim: CreateClaimDto) => claim.start !== undefined || claim.end !== undefined)
  @Offset
  end?: number;

  @IsOptional() @Summary summary?: string | null;
  @Claimant claimant: string;
  @IsOptional() @IsCalendarDate() claimDate?: string | null;
  /** Defaults to the article's language. */
  @IsOptional() @IsLanguageTag() language?: string;
  /** The provenance chain, origin first; empty when the article itself makes the claim. */
  @IsOptional() @Sources sources?: SourceHopDto[];
}

export class UpdateClaimDto {
  @IsOptional() @Summary summary?: string | null;
  @IsOptionalButNotNull() @Claimant claimant?: string;
  @IsOptional() @IsCalendarDate() claimDate?: string | null;
  /** Replaces the whole chain. */
  @IsOptionalButNotNull() @Sources sources?: SourceHopDto[];
}

/** The filters of GET /claims, shared with the exports (which take every matching claim, unpaged). */
export class ClaimFilters {
  @IsOptional() @IsUUID('all') articleId?: string;
  @IsOptional() @IsIn(claimStatuses) status?: ClaimStatus;
  /** Case-insensitive part of the claimant's name. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) claimant?: string;
  /** Full-text search over quote, summary and claimant. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500) @IsSearchableQuery() q?: string;
}

export class ListClaimsQuery extends ClaimFilters {
  @PageLimit limit: number = 20;
  @PageCursor cursor?: string;
}
