import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../http/pagination';

const defaultStaleDays = 7;

/**
 * `limit` and `cursor` page the review queue; every other section shows at most `limit` claims
 * (and says when it was cut) rather than paging: they are glances, and /claims pages them in full.
 */
export class DeskQuery extends PageQuery {
  /** The filters of /claims that make sense on every section. */
  @IsOptional() @IsUUID('all') articleId?: string;
  @IsOptional() @IsUUID('all') assigneeId?: string;
  /** Case-insensitive part of the claimant's name. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) claimant?: string;

  /** A claim with no history event for this many days (of 24 hours) is stale. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(365) staleDays: number = defaultStaleDays;
}
