import * as fileType from 'file-type';
import sharp from 'sharp';

import { detectContentType, isActiveType, mimeMatches, SNIFF_BYTES } from './detect-type.js';

const BOM = '\uFEFF';
const text = (value: string): Buffer => Buffer.from(value, 'utf8');
const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } });

describe('detectContentType', () => {
  it('believes the bytes, not the name: a PNG saved as photo.jpg is a PNG', async () => {
    const renamed = { name: 'photo.jpg', bytes: await solid(8, 8).png().toBuffer() };
    await expect(detectContentType(renamed.bytes)).resolves.toEqual({ mime: 'image/png', ext: 'png', active: false });
  });

  it.each([
    ['jpeg', 'image/jpeg', 'jpg', () => solid(8, 8).jpeg().toBuffer()],
    ['webp', 'image/webp', 'webp', () => solid(8, 8).webp().toBuffer()],
    ['gif', 'image/gif', 'gif', () => solid(8, 8).gif().toBuffer()],
    ['avif', 'image/avif', 'avif', () => solid(8, 8).avif({ effort: 0 }).toBuffer()],
    ['pdf', 'application/pdf', 'pdf', () => Promise.resolve(text('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'))],
  ])('detects %s by its magic bytes', async (_format, mime, ext, make) => {
    await expect(detectContentType(await make())).resolves.toEqual({ mime, ext, active: false });
  });

  it('reads only the head it is given', async () => {
    const jpeg = await solid(640, 480).jpeg().toBuffer();
    await expect(detectContentType(jpeg.subarray(0, SNIFF_BYTES))).resolves.toMatchObject({ mime: 'image/jpeg' });
  });

  it.each([
    ['with a script', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'],
    ['after a BOM and an XML declaration', `${BOM}<?xml version="1.0" encoding="UTF-8"?>\n<svg viewBox="0 0 1 1"/>`],
    [
      'after comments, a doctype and whitespace',
      '\n  <?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" ' +
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- again -->\t<svg>',
    ],
    [
      'after a doctype with an internal subset',
      '<?xml version="1.0"?><!DOCTYPE svg [ <!ENTITY x "<b>"> ]><svg>&x;</svg>',
    ],
    ['with a namespace prefix', '<?xml version="1.0"?><svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>'],
    ['in upper case', '<SVG ONLOAD="alert(1)">'],
  ])('detects SVG %s as active', async (_case, source) => {
    await expect(detectContentType(text(source))).resolves.toEqual({ mime: 'image/svg+xml', ext: 'svg', active: true });
  });

  it.each([
    ['a doctype', '<!DOCTYPE html><title>x</title>'],
    ['a lower-case doctype after whitespace', '\r\n\t <!doctype html>'],
    ['an html element in upper case', '<HTML><BODY>hi'],
    ['a head element', '<head><meta charset="utf-8">'],
    ['a body element', `${BOM}<body onload="steal()">`],
    ['a script element', '  <script>alert(1)</script>'],
    ['a leading comment', '<!-- page --><p>hello</p>'],
    ['a comment cut off by the end of the head', `<!-- ${'x'.repeat(SNIFF_BYTES)}`],
    ['an iframe', '<iframe src="https://example.com"></iframe>'],
  ])('detects HTML starting with %s as active', async (_case, source) => {
    await expect(detectContentType(text(source))).resolves.toEqual({ mime: 'text/html', ext: 'html', active: true });
  });

  it('detects XHTML and other XML as active', async () => {
    const xhtml = '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>1</script></html>';
    await expect(detectContentType(text(xhtml))).resolves.toEqual({
      mime: 'application/xhtml+xml',
      ext: 'xhtml',
      active: true,
    });
    for (const xml of [
      '<?xml version="1.0"?><note/>',
      '<rss version="2.0"><channel/></rss>',
      `<?xml version="1.0"?><!-- ${'x'.repeat(5000)}`,
    ]) {
      await expect(detectContentType(text(xml))).resolves.toEqual({
        mime: 'application/xml',
        ext: 'xml',
        active: true,
      });
    }
  });

  it.each([
    ['ASCII', 'hello, world\n'],
    ['UTF-8 with accents and emoji', 'héllo wörld ✓ 🎉\n'],
    ['JSON', '{"a": [1, 2, 3]}'],
    ['CSV', 'id,name\n1,Ada\n'],
    ['text that merely starts with <', '<3 you\n'],
    ['HTML that does not start with a tag', 'hello <script>alert(1)</script>'],
    ['nothing at all', ''],
  ])('answers plain text for %s', async (_case, source) => {
    await expect(detectContentType(text(source))).resolves.toEqual({ mime: 'text/plain', ext: null, active: false });
  });

  it('keeps text whose last character was cut in half by the head', async () => {
    const head = text(`${'a'.repeat(10)}✓`).subarray(0, 12);
    await expect(detectContentType(head)).resolves.toMatchObject({ mime: 'text/plain' });
  });

  it.each([
    ['a NUL byte', Buffer.from('text\0with a NUL')],
    ['other control bytes', Buffer.from('text\x01\x02\x03')],
    ['invalid UTF-8', Buffer.from([0x68, 0x69, 0xc3, 0x28, 0x68, 0x69])],
    ['random bytes', Buffer.from([0x13, 0x37, 0x90, 0xab, 0xcd, 0xef, 0x00, 0x01, 0x80, 0x81])],
  ])('answers octet-stream for %s', async (_case, bytes) => {
    await expect(detectContentType(bytes)).resolves.toEqual({
      mime: 'application/octet-stream',
      ext: null,
      active: false,
    });
  });

  it('passes as many bytes as file-type asks for', () => {
    expect(SNIFF_BYTES).toBe((fileType as Record<string, unknown>)['reasonableDetectionSizeInBytes']);
  });
});

describe('isActiveType', () => {
  it.each([
    ['text/html', true],
    ['TEXT/HTML; charset=utf-8', true],
    ['image/svg+xml', true],
    ['application/xhtml+xml', true],
    ['application/xml', true],
    ['text/xml', true],
    ['application/rss+xml', true],
    ['text/javascript', true],
    ['application/javascript', true],
    ['application/pdf', false],
    ['application/octet-stream', false],
    ['text/plain', false],
    ['image/png', false],
    ['application/json', false],
  ])('%s → %s', (mime, active) => {
    expect(isActiveType(mime)).toBe(active);
  });
});

describe('mimeMatches', () => {
  it.each([
    ['image/png', ['image/png'], true],
    ['image/png', ['image/*'], true],
    ['IMAGE/PNG; q=1', ['image/*'], true],
    ['image/png', ['Image/PNG'], true],
    // Wildcards never admit active types: an SVG must be listed by name.
    ['image/svg+xml', ['image/*'], false],
    ['image/svg+xml', ['image/*', 'image/svg+xml'], true],
    ['image/png', ['*/*'], true],
    ['image/png', ['*'], true],
    ['image/png', ['image/jpeg', 'application/pdf'], false],
    ['image/png', [], false],
    ['application/pdf', ['image/*'], false],
    ['imagex/png', ['image/*'], false],
    ['image', ['image/*'], false],
    ['text/plain', ['text/plain', 'image/*'], true],
  ])('%s in %j → %s', (mime, allowed, matches) => {
    expect(mimeMatches(mime, allowed)).toBe(matches);
  });
});
