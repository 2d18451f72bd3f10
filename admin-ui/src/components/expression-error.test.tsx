// The caret under the character where an expression broke. Rendered with react-dom/server:
// the installed jsdom needs Node 22, and this component needs no DOM to be checked.
import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { caretLine, ExpressionError } from './expression-error';

function text(html: string): string {
  return html
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

describe('ExpressionError', () => {
  it('puts the caret under the offending character', () => {
    expect(caretLine('price > && x', 8)).toBe('        ^');
    expect(caretLine('abc', 99)).toBe('   ^');
    expect(caretLine('\tx', 1)).toBe('\t^');
  });

  it('shows the message with a 1-based position and the marked expression, as an alert', () => {
    const html = renderToStaticMarkup(
      <MantineProvider>
        <ExpressionError id="e" expression="pricey > 1" issue={{ message: 'Unknown field "pricey".', position: 0 }} />
      </MantineProvider>,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('aria-label="Where the expression is wrong"');
    expect(text(html)).toContain('Unknown field "pricey" (at character 1).');
    expect(text(html)).toContain('pricey > 1\n^');
  });

  it('shows only the message when the server named no position', () => {
    const html = renderToStaticMarkup(
      <MantineProvider>
        <ExpressionError expression="x" issue={{ message: 'too deep' }} />
      </MantineProvider>,
    );
    expect(text(html)).toBe('too deep');
  });
});
