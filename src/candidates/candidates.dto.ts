import { Type } from 'class-transformer';
import { IsNumber, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Claimant, Offset, Sources, Summary, type SourceHopDto } from '../claims/claims.dto';
import { IsCalendarDate, IsLanguageTag } from '../http/validators';

export class CandidatesQuery {
  /** Leave out candidates scoring below this (0–1); the default is the service's threshold. */
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minScore?: number;
}

/** Which candidate: its offsets, as GET /articles/:id/candidates gave them. */
export class CandidateSpanDto {
  @Offset start: number;
  @Offset end: number;
}

/**
 * A claim made from a candidate: the server takes its quote, offsets, claimant and source chain;
 * any of the other fields given here replaces what the candidate proposes.
 */
export class CreateClaimFromCandidateDto {
  @IsObject() @ValidateNested() @Type(() => CandidateSpanDto) fromCandidate: CandidateSpanDto;
  @IsOptional() @Summary summary?: string | null;
  @IsOptional() @Claimant claimant?: string;
  @IsOptional() @IsCalendarDate() claimDate?: string | null;
  @IsOptional() @IsLanguageTag() language?: string;
  @IsOptional() @Sources sources?: SourceHopDto[];
}
