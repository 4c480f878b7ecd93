import { IsIn, IsOptional } from 'class-validator';
import { ClaimFilters } from '../claims/claims.dto';

/** GET /exports/claims.*: the filters of GET /claims, every matching claim (no paging). */
export class ExportClaimsQuery extends ClaimFilters {
  /** `1`: start the CSV with a UTF-8 byte order mark, so that spreadsheets read it as UTF-8. */
  @IsOptional() @IsIn(['0', '1']) bom?: '0' | '1';
}
