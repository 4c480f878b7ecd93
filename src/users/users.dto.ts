import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { IsNotBlank, MaxCodePoints } from '../http/validators';
import { HasNoControlCharacters, nfc } from './names';
import { roles, type Role } from './role';

export class CreateUserDto {
  @Transform(nfc)
  @IsString() @MaxCodePoints(100) @IsNotBlank() @HasNoControlCharacters()
  name: string;

  @IsIn(roles) role: Role;
}

export class CreateTokenDto {
  @Transform(nfc)
  @IsOptional() @IsString() @MaxCodePoints(100) @IsNotBlank() @HasNoControlCharacters() label?: string;
}
