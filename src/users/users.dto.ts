import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsNotBlank, MaxCodePoints } from '../http/validators';
import { roles, type Role } from './role';

export class CreateUserDto {
  @IsString() @MaxCodePoints(100) @IsNotBlank()
  @Matches(/^[^\r\n\t]+$/, { message: 'name must be one line' })
  name: string;

  @IsIn(roles) role: Role;
}

export class CreateTokenDto {
  @IsOptional() @IsString() @MaxCodePoints(100) @IsNotBlank() label?: string;
}
