// Recursive-descent parser from tokens to the typed AST, enforcing the caps that bound work:
// source length, nesting depth, comparison count, list length and relation hops.

import {
  segmentPosition,
  type ComparisonExpression,
  type Expression,
  type FieldReference,
  type ListLiteral,
  type MacroReference,
  type Operand,
  type ScalarLiteral,
} from './ast.js';
import { ExpressionError } from './expression-error.js';
import { quoteSource, tokenize, type Punctuation, type Token } from './lexer.js';
import { resolveLimits, type ExpressionLimits } from './limits.js';

/** Field names as the schema allows them; anything else cannot name a field. */
export const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

const MACROS_HELP = '@request.auth.id, @request.auth.role, @request.auth.aal, @request.body.<field>, @now';
const OPERATORS_HELP = '=, !=, >, >=, <, <=, ~, !~, in, !in, ?=';

/**
 * Parses an expression such as `qty > 5 && (title ~ "lamp" || tags ?= "sale")`.
 * Precedence, tightest first: `!`, comparison, `&&`, `||`. `!` applies to the next
 * comparison or parenthesised group, so `!a = 1 && b = 2` means `(!(a = 1)) && b = 2`.
 */
export function parseExpression(source: string, limits: Partial<ExpressionLimits> = {}): Expression {
  const caps = resolveLimits(limits);
  if (typeof source !== 'string') {
    throw new ExpressionError('SYNTAX', 'The expression must be a string.');
  }
  if (source.length > caps.maxLength) {
    throw new ExpressionError(
      'TOO_LONG',
      `The expression is ${source.length} characters long; the maximum is ${caps.maxLength}.`,
      caps.maxLength,
    );
  }
  try {
    return new Parser(tokenize(source), caps).parse();
  } catch (error) {
    // Only reachable when a caller raises maxDepth beyond what the stack holds.
    if (error instanceof RangeError) {
      throw new ExpressionError('TOO_DEEP', 'The expression is nested too deeply.');
    }
    throw error;
  }
}

class Parser {
  private index = 0;
  private depth = 0;
  private terms = 0;
  private readonly end: Token;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly limits: ExpressionLimits,
  ) {
    this.end = tokens[tokens.length - 1] ?? { kind: 'end', position: 0, text: '' };
  }

  parse(): Expression {
    if (this.peek().kind === 'end') {
      throw new ExpressionError('SYNTAX', 'The expression is empty.', 0);
    }
    const expression = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') throw unexpected(next, 'expected && or || or the end of the expression');
    return expression;
  }

  private parseOr(): Expression {
    const operands: [Expression, ...Expression[]] = [this.parseAnd()];
    while (this.isPunctuation('||')) {
      this.advance();
      operands.push(this.parseAnd());
    }
    return chain('or', operands);
  }

  private parseAnd(): Expression {
    const operands: [Expression, ...Expression[]] = [this.parseUnary()];
    while (this.isPunctuation('&&')) {
      this.advance();
      operands.push(this.parseUnary());
    }
    return chain('and', operands);
  }

  private parseUnary(): Expression {
    const token = this.peek();
    if (this.isPunctuation('!')) {
      this.enter(token);
      this.advance();
      const operand = this.parseUnary();
      this.depth -= 1;
      return { kind: 'not', operand, position: token.position };
    }
    if (this.isPunctuation('(')) {
      this.enter(token);
      this.advance();
      const inner = this.parseOr();
      const close = this.peek();
      if (!this.isPunctuation(')')) {
        throw unexpected(close, `expected &&, || or ')' to close '(' at character ${token.position + 1}`);
      }
      this.advance();
      this.depth -= 1;
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): ComparisonExpression {
    const start = this.peek();
    this.terms += 1;
    if (this.terms > this.limits.maxTerms) {
      throw new ExpressionError(
        'TOO_MANY_TERMS',
        `Too many comparisons: the one at character ${start.position + 1} is past the maximum of ${this.limits.maxTerms}.`,
        start.position,
      );
    }
    const left = this.parseOperand();
    const operatorToken = this.peek();
    if (operatorToken.kind !== 'operator') {
      throw unexpected(operatorToken, `expected an operator (${OPERATORS_HELP})`);
    }
    this.advance();
    const { operator } = operatorToken;
    const right = operator === 'in' || operator === '!in' ? this.parseList(operatorToken) : this.parseOperand();
    return {
      kind: 'comparison',
      operator,
      left,
      right,
      position: left.position,
      operatorPosition: operatorToken.position,
    };
  }

  private parseOperand(): Operand {
    const token = this.peek();
    switch (token.kind) {
      case 'identifier':
        this.advance();
        return this.fieldReference(token.name, token.position);
      case 'macro':
        this.advance();
        return macroReference(token.name, token.position);
      case 'string':
      case 'number':
      case 'keyword':
        this.advance();
        return literal(token);
      case 'punctuation':
        if (token.punctuation === '[') {
          throw new ExpressionError(
            'SYNTAX',
            `Unexpected list at character ${token.position + 1}; a list can only follow in or !in.`,
            token.position,
          );
        }
        throw unexpected(token, 'expected a value');
      case 'operator':
      case 'end':
        throw unexpected(token, 'expected a value');
    }
  }

  private parseList(after: Token): ListLiteral {
    const open = this.peek();
    if (!this.isPunctuation('[')) throw unexpected(open, `expected a list like [1, 2] after ${after.text}`);
    this.advance();
    const items: ScalarLiteral[] = [];
    if (this.isPunctuation(']')) {
      this.advance();
      return { kind: 'list', items, position: open.position };
    }
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'string' && token.kind !== 'number' && token.kind !== 'keyword') {
        throw unexpected(token, 'expected a literal value (a list holds strings, numbers, true, false or null)');
      }
      if (items.length >= this.limits.maxListItems) {
        throw new ExpressionError(
          'TOO_MANY_ITEMS',
          `The list at character ${open.position + 1} has more than ${this.limits.maxListItems} items.`,
          token.position,
        );
      }
      this.advance();
      items.push(literal(token));
      const separator = this.peek();
      if (this.isPunctuation(']')) {
        this.advance();
        return { kind: 'list', items, position: open.position };
      }
      if (!this.isPunctuation(',')) throw unexpected(separator, "expected ',' or ']'");
      this.advance();
    }
  }

  private fieldReference(name: string, position: number): FieldReference {
    const path = name.split('.');
    const field: FieldReference = { kind: 'field', path, position };
    path.forEach((segment, index) => assertFieldName(segment, field, index));
    const hops = path.length - 1;
    if (hops > this.limits.maxRelationHops) {
      throw new ExpressionError(
        'TOO_DEEP',
        `Path ${quoteSource(name)} at character ${position + 1} follows ${hops} relations; at most ${this.limits.maxRelationHops} are allowed.`,
        position,
      );
    }
    return field;
  }

  private enter(token: Token): void {
    this.depth += 1;
    if (this.depth > this.limits.maxDepth) {
      throw new ExpressionError(
        'TOO_DEEP',
        `Nesting at character ${token.position + 1} is deeper than the maximum of ${this.limits.maxDepth}.`,
        token.position,
      );
    }
  }

  private peek(): Token {
    // The token list always ends with an 'end' token and the parser never moves past it.
    return this.tokens[this.index] ?? this.end;
  }

  private advance(): void {
    if (this.index < this.tokens.length - 1) this.index += 1;
  }

  private isPunctuation(punctuation: Punctuation): boolean {
    const token = this.peek();
    return token.kind === 'punctuation' && token.punctuation === punctuation;
  }
}

function chain(kind: 'and' | 'or', operands: [Expression, ...Expression[]]): Expression {
  const [first] = operands;
  if (operands.length === 1) return first;
  return { kind, operands, position: first.position };
}

function unexpected(token: Token, expected: string): ExpressionError {
  const what = token.kind === 'end' ? 'end of input' : quoteSource(token.text);
  return new ExpressionError(
    'SYNTAX',
    `Unexpected ${what} at character ${token.position + 1}, ${expected}.`,
    token.position,
  );
}

function literal(token: Extract<Token, { kind: 'string' | 'number' | 'keyword' }>): ScalarLiteral {
  const { position } = token;
  switch (token.kind) {
    case 'string':
      return { kind: 'string', value: token.value, position };
    case 'number':
      return { kind: 'number', raw: token.raw, position };
    case 'keyword':
      switch (token.keyword) {
        case 'true':
          return { kind: 'boolean', value: true, position };
        case 'false':
          return { kind: 'boolean', value: false, position };
        case 'null':
          return { kind: 'null', position };
      }
  }
}

function assertFieldName(segment: string, field: FieldReference, index: number): void {
  if (FIELD_NAME.test(segment)) return;
  const position = segmentPosition(field, index);
  throw new ExpressionError(
    'SYNTAX',
    `Invalid field name ${quoteSource(segment)} at character ${position + 1}; names use lowercase letters, digits and _.`,
    position,
  );
}

function macroReference(name: string, position: number): MacroReference {
  switch (name) {
    case 'now':
      return { kind: 'macro', macro: 'now', position };
    case 'request.auth.id':
      return { kind: 'macro', macro: 'auth.id', position };
    case 'request.auth.role':
      return { kind: 'macro', macro: 'auth.role', position };
    case 'request.auth.aal':
      return { kind: 'macro', macro: 'auth.aal', position };
    default:
      break;
  }
  const bodyPrefix = 'request.body.';
  const field = name.startsWith(bodyPrefix) ? name.slice(bodyPrefix.length) : '';
  if (field !== '' && !field.includes('.')) {
    if (!FIELD_NAME.test(field)) {
      const at = position + 1 + bodyPrefix.length;
      throw new ExpressionError(
        'SYNTAX',
        `Invalid field name ${quoteSource(field)} at character ${at + 1}; names use lowercase letters, digits and _.`,
        at,
      );
    }
    return { kind: 'macro', macro: 'body', field, position };
  }
  throw new ExpressionError(
    'UNKNOWN_MACRO',
    `Unknown macro ${quoteSource(`@${name}`)} at character ${position + 1}; valid macros: ${MACROS_HELP}.`,
    position,
  );
}
