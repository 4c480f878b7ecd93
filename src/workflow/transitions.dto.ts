import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { MaxCodePoints } from '../http/validators';
import { claimStatuses, type ClaimStatus } from '../claims/claim-status';

export class TransitionDto {
  @IsIn(claimStatuses) to: ClaimStatus;
  /** With to=in_review: the proposed rating id from GET /api/v1/ratings. */
  @IsOptional() @IsString() @MaxCodePoints(40) rating?: string;
  /** With to=in_review: why that rating. */
  @IsOptional() @IsString() @MaxLength(20_000) rationale?: string;
  /** Why the move: required to send back, set aside, reopen, open a correction and republish. */
  @IsOptional() @IsString() @MaxLength(5_000) note?: string;
}
