// The shape of GET /api/v1: links to what a newcomer looks for first.

import { ApiProperty } from '@nestjs/swagger';

export class ApiLinkDto {
  @ApiProperty({ type: 'string', format: 'uri', maxLength: 2048, example: 'http://localhost:8080/api/docs' })
  href!: string;
  @ApiProperty({ maxLength: 200 }) title!: string;
}

export class ApiIndexDto {
  @ApiProperty({ maxLength: 40, example: 'Stagecraft API' }) name!: string;
  @ApiProperty({ maxLength: 10, example: '1', description: 'The version of the API under this path' })
  version!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ApiLinkDto' },
    maxProperties: 20,
    description:
      'What to open next, by name: `docs`, `openapi`, `setup`, `register`, `login`, `me`, `collections`, `realtime`, `graphql`, `health` and, when the console is built, `console` and `graphiql`',
  })
  links!: Record<string, ApiLinkDto>;
}
