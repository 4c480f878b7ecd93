import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

/** GET /fact-checks's query, as the OpenAPI document shows it (the route parses it itself, as the feed does). */
export class FactCheckSearchQuery {
  /** The words of the claim to look for: case, accents, punctuation and digit grouping do not matter. */
  @IsString() @MinLength(1) @MaxLength(1_000) q: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
  /** From `nextUrl`; opaque. */
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
