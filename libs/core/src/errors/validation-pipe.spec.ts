import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AppException } from './app-exception.js';
import { createValidationPipe, nulPaths } from './validation-pipe.js';

class NameDto {
  @IsOptional()
  @IsString()
  name?: string;
}

const asBody = { type: 'body', metatype: NameDto } as const;

describe('the global validation pipe', () => {
  const pipe = createValidationPipe();

  it.each([null, [], ['x'], 'text', 42, true])('refuses %j where a DTO expects an object', async (body) => {
    await expect(pipe.transform(body, asBody)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      options: { errors: [{ field: 'body', code: 'type' }] },
    });
  });

  it('refuses NUL characters in strings and keys at any depth, naming each path', async () => {
    const refused = await pipe.transform({ name: 'a\u0000b' }, asBody).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppException);
    expect((refused as AppException).options.errors).toEqual([
      { field: 'name', code: 'nul', message: 'Name contains a NUL character.' },
    ]);
    expect(nulPaths({ a: [{ b: 'x\u0000' }], 'k\u0000': 1, c: 'fine' })).toEqual(['a.0.b', 'k\u0000']);
  });

  it('lets an all-optional DTO through when the body is absent or an object', async () => {
    await expect(pipe.transform(undefined, asBody)).resolves.toEqual({});
    await expect(pipe.transform({ name: 'ada' }, asBody)).resolves.toEqual({ name: 'ada' });
  });
});

class AccountDto {
  @IsString()
  @MinLength(10)
  @MaxLength(20)
  new_password!: string;

  @IsOptional()
  @IsIn(['admin', 'user'])
  role?: string;

  @IsOptional()
  @IsInt({ each: true })
  ids?: number[];

  @IsOptional()
  @IsString({ message: 'pick a nickname people can read' })
  nickname?: string;

  @IsOptional()
  @Matches(/^[a-z]+$/, { message: '$property must be lowercase letters' })
  screen_name?: string;
}

describe('field messages of the validation pipe', () => {
  const pipe = createValidationPipe();
  const errorsOf = async (body: unknown) => {
    const refused = await pipe.transform(body, { type: 'body', metatype: AccountDto }).catch((error: unknown) => error);
    return (refused as AppException).options.errors;
  };

  it.each([
    [{ new_password: 'short' }, 'minLength', 'New password must be at least 10 characters long.'],
    [{ new_password: 'x'.repeat(21) }, 'maxLength', 'New password must be at most 20 characters long.'],
    [{ new_password: 42 }, 'isString', 'New password must be text.'],
    [{}, 'isString', 'New password is required.'],
    [{ new_password: 'long-enough-1', role: 'root' }, 'isIn', 'Role must be one of "admin" or "user".'],
    [{ new_password: 'long-enough-1', ids: [1, 'x'] }, 'isInt', 'Each item of ids must be a whole number.'],
    [{ new_password: 'long-enough-1', nickname: 3 }, 'isString', 'Pick a nickname people can read.'],
    [{ new_password: 'long-enough-1', screen_name: 'Ada' }, 'matches', 'Screen name must be lowercase letters.'],
    [{ new_password: 'long-enough-1', extra: 1 }, 'whitelistValidation', 'Extra is not expected here; remove it.'],
  ])('words %j as a sentence (%s)', async (body, code, message) => {
    expect(await errorsOf(body)).toContainEqual(expect.objectContaining({ code, message }));
  });
});
