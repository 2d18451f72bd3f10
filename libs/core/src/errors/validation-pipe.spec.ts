import { IsOptional, IsString } from 'class-validator';
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
      { field: 'name', code: 'nul', message: 'name contains a NUL character' },
    ]);
    expect(nulPaths({ a: [{ b: 'x\u0000' }], 'k\u0000': 1, c: 'fine' })).toEqual(['a.0.b', 'k\u0000']);
  });

  it('lets an all-optional DTO through when the body is absent or an object', async () => {
    await expect(pipe.transform(undefined, asBody)).resolves.toEqual({});
    await expect(pipe.transform({ name: 'ada' }, asBody)).resolves.toEqual({ name: 'ada' });
  });
});
