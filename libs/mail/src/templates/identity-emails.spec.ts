import { escapeHtml } from './escape-html.js';
import { resetPasswordMessage, verifyEmailMessage } from './identity-emails.js';

const LINK = 'https://app.example.com/admin/verify-email?token=abc&x=1';

describe('escapeHtml', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml('plain text')).toBe('plain text');
  });
});

describe.each([
  ['verify', verifyEmailMessage, 'Verify your email address'],
  ['reset', resetPasswordMessage, 'Reset your password'],
])('the %s email', (_name, render, subject) => {
  it('is addressed, titled and carries the link in text and HTML', () => {
    const message = render({ to: 'ada@example.com', link: LINK, ttlSeconds: 3600 });
    expect(message).toMatchObject({ to: 'ada@example.com', subject });
    expect(message.text).toContain(LINK);
    expect(message.text).toContain('expires in 1 hour');
    expect(message.html).toContain('href="https://app.example.com/admin/verify-email?token=abc&amp;x=1"');
  });

  it('escapes the address in the HTML', () => {
    const to = `"<script>alert(1)</script>"@example.com`;
    const message = render({ to, link: LINK, ttlSeconds: 3600 });
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.html).toContain('&quot;');
  });

  it.each([
    [60, '1 minute'],
    [900, '15 minutes'],
    [7200, '2 hours'],
    [5400, '90 minutes'],
  ])('states a lifetime of %i seconds as %s', (ttlSeconds, words) => {
    expect(render({ to: 'ada@example.com', link: LINK, ttlSeconds }).text).toContain(`expires in ${words}.`);
  });
});
