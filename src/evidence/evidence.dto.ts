import { IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { composeDecorators, IsNotBlank, IsTimestamp } from '../http/validators';
import { stances, type Stance } from './stance';

const WebUrl = composeDecorators(IsString(), MaxLength(2048), IsUrl({ protocols: ['http', 'https'], require_protocol: true }));
const ShortText = composeDecorators(IsString(), MaxLength(500), IsNotBlank());

export class AddEvidenceDto {
  @WebUrl url: string;
  @IsOptional() @ShortText title?: string | null;
  @IsOptional() @ShortText publisher?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) @IsNotBlank() excerpt?: string | null;
  @IsIn(stances) stance: Stance;
  /** When the checker read the source; defaults to now. */
  @IsOptional() @IsTimestamp() accessedAt?: string;
  @IsOptional() @WebUrl archiveUrl?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}

export class RetractEvidenceDto {
  @IsString() @MaxLength(2000) @IsNotBlank() reason: string;
}
