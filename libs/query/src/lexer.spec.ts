import { tokenize, type Token } from './lexer.js';

function summary(token: Token): string {
  switch (token.kind) {
    case 'identifier':
      return `id:${token.name}@${token.position}`;
    case 'macro':
      return `macro:${token.name}@${token.position}`;
    case 'string':
      return `str:${JSON.stringify(token.value)}@${token.position}`;
    case 'number':
      return `num:${token.raw}@${token.position}`;
    case 'keyword':
      return `kw:${token.keyword}@${token.position}`;
    case 'operator':
      return `op:${token.operator}@${token.position}`;
    case 'punctuation':
      return `p:${token.punctuation}@${token.position}`;
    case 'end':
      return `end@${token.position}`;
  }
}

describe('tokenize', () => {
  it.each([
    ['a.b>=-1.5', ['id:a.b@0', 'op:>=@3', 'num:-1.5@5', 'end@9']],
    [
      '!(x!in[1,2])',
      ['p:!@0', 'p:(@1', 'id:x@2', 'op:!in@3', 'p:[@6', 'num:1@7', 'p:,@8', 'num:2@9', 'p:]@10', 'p:)@11', 'end@12'],
    ],
    [
      'x in [] || y ?= "a"',
      ['id:x@0', 'op:in@2', 'p:[@5', 'p:]@6', 'p:||@8', 'id:y@11', 'op:?=@13', 'str:"a"@16', 'end@19'],
    ],
    [
      "@request.auth.id != null && 'q\\'s' !~ true",
      [
        'macro:request.auth.id@0',
        'op:!=@17',
        'kw:null@20',
        'p:&&@25',
        'str:"q\'s"@28',
        'op:!~@35',
        'kw:true@38',
        'end@42',
      ],
    ],
    ['a<b>c=d~e', ['id:a@0', 'op:<@1', 'id:b@2', 'op:>@3', 'id:c@4', 'op:=@5', 'id:d@6', 'op:~@7', 'id:e@8', 'end@9']],
    ['"é \\u263A"', ['str:"é ☺"@0', 'end@10']],
  ])('%j', (source, tokens) => {
    expect(tokenize(source).map(summary)).toEqual(tokens);
  });
});
