import { describe, expect, it } from 'vitest';
import { expressionCompletions, type CompletionSettings } from './expression-completions';
import { filterExample, ruleExample } from './expression-examples';
import { authors, posts, scope } from './expression-fixture';

const filter: CompletionSettings = { ...scope, mode: 'filter' };
const createRule: CompletionSettings = { ...scope, mode: 'rule', action: 'create' };

/** Labels offered with the cursor at the end of `text` (or at `|`). */
function labels(text: string, settings: CompletionSettings = filter): string[] {
  const cursor = text.includes('|') ? text.indexOf('|') : text.length;
  const answer = expressionCompletions(text.replace('|', ''), cursor, settings);
  return answer?.options.map((option) => option.label) ?? [];
}

describe('expressionCompletions', () => {
  it('offers fields, system columns and relations where a comparison starts', () => {
    expect(labels('ti')).toEqual(['title']);
    expect(labels('')).toEqual(expect.arrayContaining(['title', 'created_by', 'author', 'author.', '@now']));
    expect(labels('title = "a" && pub')).toEqual(['published']);
    expect(labels('(vi')).toEqual(['views']);
    expect(labels('!pu')).toEqual(['published']);
  });

  it('leaves out secrets and file lists', () => {
    expect(labels('to')).toEqual([]);
    expect(labels('gal')).toEqual([]);
  });

  it('follows relation paths through their targets', () => {
    expect(labels('author.')).toEqual(expect.arrayContaining(['author.name', 'author.email', 'author.account']));
    expect(labels('author.na')).toEqual(['author.name']);
    expect(labels('author.account.em')).toEqual(['author.account.email']);
    expect(labels('title.')).toEqual([]);
    expect(labels('author')).toEqual(['author.']);
  });

  it('replaces the typed part of the word', () => {
    expect(expressionCompletions('views > 1 && author.na', 22, filter)?.from).toBe(13);
  });

  it('offers the operators the field allows, with the space after them', () => {
    const answer = expressionCompletions('published ', 10, filter);
    expect(answer?.options.map((option) => option.apply)).toEqual(['= ', '!= ']);
    expect(labels('title ')).toEqual(['=', '!=', '~', '!~', 'in', '!in']);
    expect(labels('tags ')).toEqual(['?=', '=', '!=']);
    expect(labels('views >')).toEqual(['>=']);
    expect(labels('title !')).toEqual(['!=', '!~', '!in']);
  });

  it('offers values that fit the field after an operator', () => {
    expect(labels('published = ')).toEqual(['true', 'false', 'null']);
    expect(labels('status = ')).toEqual(['"draft"', '"live"', 'null']);
    expect(labels('tags ?= ')).toEqual(['"news"', '"sale"']);
    expect(labels('at < ')).toEqual(['@now']);
    expect(labels('owner = ')).toEqual(['null', '@request.auth.id']);
    expect(labels('created_by = @')).toEqual(
      expect.arrayContaining(['@request.auth.id', '@request.auth.role', '@now']),
    );
    expect(labels('author = ')).toEqual(['null']);
    expect(labels('published = t')).toEqual(['true']);
  });

  it('offers @request and @now where a value or a comparison may start', () => {
    expect(labels('@req')).toEqual(['@request.auth.id', '@request.auth.role', '@request.auth.aal']);
    expect(labels('@request.auth.i')).toEqual(['@request.auth.id']);
    expect(labels('@n')).toEqual(['@now']);
  });

  it('offers @request.body fields only in create and update rules', () => {
    expect(labels('@request.body.ti', createRule)).toEqual(['@request.body.title']);
    expect(labels('@request.body.ti', { ...scope, mode: 'rule', action: 'list' })).toEqual([]);
    expect(labels('@request.body.ti')).toEqual([]);
    expect(labels('@request.body.owner ', createRule)).toEqual(['=', '!=', 'in', '!in']);
    expect(labels('@request.body.owner = ', createRule)).toEqual(['null', '@request.auth.id']);
  });

  it('offers && and || after a whole comparison', () => {
    expect(labels('views > 5 ')).toEqual(['&&', '||']);
    expect(labels('(views > 5) ')).toEqual(['&&', '||']);
    expect(labels('title in ["a"] ')).toEqual(['&&', '||']);
  });

  it('stays quiet inside a string, while a number is typed, and on a finished word', () => {
    expect(expressionCompletions('title = "ti', 11, filter)).toBeNull();
    expect(expressionCompletions('views > 5', 9, filter)).toBeNull();
    expect(expressionCompletions('published = true', 16, filter)).toBeNull();
    expect(expressionCompletions('price > 10 && in_stock = true', 29, filter)).toBeNull();
    expect(expressionCompletions('title', 5, filter)).toBeNull();
  });

  it('completes in the middle of the text, from what is before the cursor', () => {
    expect(labels('vi| > 5')).toEqual(['views']);
  });
});

describe('placeholder examples', () => {
  it('build a filter from the collection’s own fields, in valid syntax', () => {
    expect(filterExample(scope)).toBe('title ~ "draft" && views > 10');
    expect(filterExample({ ...scope, collection: 'authors' })).toBe('name ~ "draft"');
    const onlyFlags = { ...posts, fields: posts.fields.filter((field) => field.type === 'boolean') };
    expect(filterExample({ collection: 'posts', collections: [onlyFlags] })).toBe('published = true');
    const bare = { ...authors, fields: [] };
    expect(filterExample({ collection: 'authors', collections: [bare] })).toBe('created_at > "2024-01-01T00:00:00Z"');
  });

  it('build rules from a relation to users when there is one', () => {
    expect(ruleExample(scope, 'update')).toBe('owner = @request.auth.id');
    expect(ruleExample(scope, 'create')).toBe('@request.body.owner = @request.auth.id');
    const bare = { collection: 'authors', collections: [{ ...authors, fields: [] }] };
    expect(ruleExample(bare, 'list')).toBe('created_by = @request.auth.id');
    expect(ruleExample(bare, 'create')).toBe('@request.auth.id != null');
  });
});
