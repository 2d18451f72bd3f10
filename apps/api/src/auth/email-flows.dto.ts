// Request and response shapes of email verification and password reset.

import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class EmailTokenDto {
  @ApiProperty({ description: 'The token from the emailed link (its `token` query parameter)', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  token!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PasswordResetDto extends EmailTokenDto {
  @ApiProperty({
    description: 'The new password; the same policy as at registration',
    minLength: 10,
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
