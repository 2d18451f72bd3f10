// Request and response shapes of /api/v1/users (admin user management). Optional body fields
// accept a value or absence, never null, so a `null` can't reach a NOT NULL column.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@stagecraft/auth';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { UserDto } from './auth.dto.js';
import { COUNT, EMAIL, EMAIL_MAX_LENGTH } from '../common/api-schemas.js';
import { LimitParam, OffsetParam } from '../common/pagination.js';

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 500;

/** Present means validated; only an absent property is optional. */
const Absent = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

export class ListUsersQueryDto {
  @LimitParam(LIST_LIMIT_MAX, LIST_LIMIT_DEFAULT)
  limit: number = LIST_LIMIT_DEFAULT;

  @OffsetParam()
  offset: number = 0;

  @ApiPropertyOptional({
    description: 'Substring of the email, case-insensitive',
    example: 'example.com',
    maxLength: EMAIL_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  email?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class CreateUserDto {
  @ApiProperty({ ...EMAIL, example: 'ada@example.com' })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email!: string;

  @ApiProperty({
    description: 'Checked against the password policy (length, common passwords, not the email)',
    example: 'correct horse battery staple',
    maxLength: 256,
    writeOnly: true,
  })
  @IsString()
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'user' })
  @Absent()
  @IsIn(ROLES)
  role: Role = 'user';

  @ApiPropertyOptional({ default: false, description: 'Whether the email counts as verified' })
  @Absent()
  @IsBoolean()
  verified?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ ...EMAIL, example: 'ada@example.com' })
  @Absent()
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'Admins cannot demote themselves' })
  @Absent()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @Absent()
  @IsBoolean()
  verified?: boolean;

  @ApiPropertyOptional({ description: 'A disabled user cannot sign in and loses every session at once' })
  @Absent()
  @IsBoolean()
  disabled?: boolean;
}

export class SetPasswordDto {
  @ApiProperty({
    description:
      'The new password; the same policy as at sign-up (at least PASSWORD_MIN_LENGTH characters, 10 unless the instance sets otherwise; not a common password; not the email)',
    example: 'correct horse battery staple',
    maxLength: 256,
    writeOnly: true,
  })
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class UserListMetaDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: LIST_LIMIT_MAX }) limit!: number;
  @ApiProperty(COUNT) offset!: number;
  @ApiProperty({ ...COUNT, description: 'How many users match the filters' }) total!: number;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto], maxItems: LIST_LIMIT_MAX }) data!: UserDto[];
  @ApiProperty({ type: UserListMetaDto }) meta!: UserListMetaDto;
}
