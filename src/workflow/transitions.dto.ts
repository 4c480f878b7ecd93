import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsOptionalButNotNull, MaxCodePoints } from '../http/validators';
import { claimStatuses, type ClaimStatus } from '../claims/claim-status';

export class TransitionDto {
  @IsIn(claimStatuses) to: ClaimStatus;
  /** With to=in_review: the proposed rating id from GET /api/v1/ratings. */
  @IsOptionalButNotNull() @IsString() @MaxCodePoints(40) rating?: string;
  /** With to=in_review: why that rating. */
  @IsOptionalButNotNull() @IsString() @MaxLength(20_000) rationale?: string;
  /** With to=in_review: answer the claim with this published fact-check's verdict (its claim id) instead of a rating and rationale. */
  @IsOptionalButNotNull() @IsUUID('all') matchOf?: string;
  /** Why the move: required to send back, set aside, reopen, open a correction and republish. */
  @IsOptionalButNotNull() @IsString() @MaxLength(5_000) note?: string;
}
