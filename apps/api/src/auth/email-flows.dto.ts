// Request and response shapes of email verification and password reset.

import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { EMAIL, EMAIL_MAX_LENGTH } from '../common/api-schemas.js';

export class EmailTokenDto {
  @ApiProperty({
    description: 'The token from the emailed link (its `token` query parameter)',
    minLength: 1,
    maxLength: 512,
    writeOnly: true,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  token!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ ...EMAIL, example: 'ada@example.com' })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email!: string;
}

export class PasswordResetDto extends EmailTokenDto {
  @ApiProperty({
    description:
      'The new password; the same policy as at registration (at least PASSWORD_MIN_LENGTH characters, 10 unless the instance sets otherwise)',
    maxLength: 256,
    writeOnly: true,
  })
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class EmailSentDto {
  @ApiProperty({ description: 'Always true: the request was accepted (the email itself is sent in the background)' })
  sent!: boolean;
}

export class EmailVerifiedDto {
  @ApiProperty({ description: 'Always true: the address is verified' }) verified!: boolean;
}

export class PasswordResetDoneDto {
  @ApiProperty({ description: 'Always true: the password is changed and every session signed out' }) reset!: boolean;
}
