import { assertStorageKey } from '../storage/file-storage.js';
import { defaultRandom, sanitizeOriginalName, storedFileName } from './stored-name.js';

const fixed = (): string => 'abcde12345';
const RLO = '\u202E';

// What every stored name must be, whatever the client sent.
const SAFE_STORED_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}_[a-z0-9]{10}(\.[a-z0-9]{1,10})?$/;

describe('storedFileName', () => {
  it.each([
    ['photo.jpg', 'jpg', 'photo_abcde12345.jpg'],
    ['Holiday Photo (1).JPG', null, 'Holiday_Photo_1_abcde12345.jpg'],
    ['report.final.v2.pdf', 'pdf', 'report_final_v2_abcde12345.pdf'],
    ['picture.jpg', 'png', 'picture_abcde12345.png'], // the sniffed type wins over the name
    ['data.csv', null, 'data_abcde12345.csv'],
    ['README', null, 'README_abcde12345'],
    ['archive.tar.gz', 'gz', 'archive_tar_abcde12345.gz'],
    ['.env', null, 'env_abcde12345'],
    ['notes.thisisfartoolong', null, 'notes_abcde12345'],
    ['weird.ex-t', null, 'weird_abcde12345'],
    ['my_file-name.txt', null, 'my_file-name_abcde12345.txt'],
    ['-rf --no-preserve-root', null, 'rf_--no-preserve-root_abcde12345'],
  ])('%j with sniffed %j → %s', (original, ext, stored) => {
    expect(storedFileName(original, ext, fixed)).toBe(stored);
  });

  it.each([
    ['a Unix path traversal', '../../etc/passwd', null, 'passwd_abcde12345'],
    ['a Windows path traversal', '..\\..\\win.ini', null, 'win_abcde12345.ini'],
    ['a mixed absolute path', 'C:\\Users/ada\\..\\secret.txt', null, 'secret_abcde12345.txt'],
    ['a trailing slash', 'uploads/', null, 'file_abcde12345'],
    ['a NUL byte', 'evil.php\0.jpg', 'jpg', 'evil_php_abcde12345.jpg'],
    ['an RTL override', `invoice${RLO}gpj.exe`, null, 'invoicegpj_abcde12345.exe'],
    ['only dots', '...', null, 'file_abcde12345'],
    ['two dots', '..', null, 'file_abcde12345'],
    ['only dots and an extension', '....png', 'png', 'file_abcde12345.png'],
    ['an empty name', '', null, 'file_abcde12345'],
    ['accents', 'Résumé Café.pdf', 'pdf', 'Resume_Cafe_abcde12345.pdf'],
    ['no Latin letters', '写真.jpg', 'jpg', 'file_abcde12345.jpg'],
    ['emoji', '🎉 party 🎉.png', 'png', 'party_abcde12345.png'],
    ['a fullwidth solidus', 'a／b.txt', null, 'a_b_abcde12345.txt'],
    ['control characters', 'line\r\nbreak\t.txt', null, 'linebreak_abcde12345.txt'],
  ])('cleans %s', (_case, original, ext, stored) => {
    expect(storedFileName(original, ext, fixed)).toBe(stored);
  });

  it.each([
    ['html', 'page.html'],
    ['svg', 'drawing.SVG'],
    ['js', 'app.js'],
    ['xhtml', 'doc.xhtml'],
  ])('drops an unproven active extension (%s)', (_ext, original) => {
    expect(storedFileName(original, null, fixed)).not.toContain('.');
  });

  it('keeps an active extension the content proved', () => {
    expect(storedFileName('logo.svg', 'svg', fixed)).toBe('logo_abcde12345.svg');
  });

  it('caps the stem at 60 characters without ending on a separator', () => {
    expect(storedFileName(`${'a'.repeat(500)}.png`, 'png', fixed)).toBe(`${'a'.repeat(60)}_abcde12345.png`);
    const stored = storedFileName(`${'a'.repeat(59)} b.png`, 'png', fixed);
    expect(stored).toBe(`${'a'.repeat(59)}_abcde12345.png`);
  });

  it('ignores a sniffed extension that is not letters and digits', () => {
    expect(storedFileName('x.bin', '../sh', fixed)).toBe('x_abcde12345.bin');
  });

  it.each([
    '../../etc/passwd',
    '..\\..\\win.ini',
    '.',
    '..',
    '/',
    '\\',
    '.hidden.',
    '\0\0\0',
    `${RLO}${'.'.repeat(300)}`,
    '%2e%2e%2fetc%2fpasswd',
    'CON',
    ' ',
    '-rf',
    'a'.repeat(10_000),
  ])('never yields a separator, `..` or a leading dot for %j', (original) => {
    for (const ext of [null, 'png', '..']) {
      const stored = storedFileName(original, ext);
      expect(stored).toMatch(SAFE_STORED_NAME);
      expect(stored).not.toContain('..');
      expect(stored).not.toMatch(/^\.|[/\\]/);
      expect(() => assertStorageKey(`collection/file/${stored}`)).not.toThrow();
    }
  });
});

describe('defaultRandom', () => {
  it('gives 10 lowercase letters and digits, different each time', () => {
    const suffixes = new Set(Array.from({ length: 1000 }, defaultRandom));
    expect(suffixes.size).toBe(1000);
    for (const suffix of suffixes) expect(suffix).toMatch(/^[a-z0-9]{10}$/);
  });
});

describe('sanitizeOriginalName', () => {
  it.each([
    ['a plain name', 'Holiday Photo (1).JPG', 'Holiday Photo (1).JPG'],
    ['a Unix path traversal', '../../etc/passwd', 'passwd'],
    ['a Windows path traversal', '..\\..\\win.ini', 'win.ini'],
    ['a NUL byte', 'evil.php\0.jpg', 'evil.php.jpg'],
    ['an RTL override', `invoice${RLO}gpj.exe`, 'invoicegpj.exe'],
    ['other bidi controls', 'a\u2066b\u2069c\u200F.txt', 'abc.txt'],
    ['control characters', 'line\r\nbreak\x7F\x85.txt', 'linebreak.txt'],
    ['surrounding spaces', '  spaced.txt  ', 'spaced.txt'],
    ['only dots', '...', 'file'],
    ['two dots', '..', 'file'],
    ['an empty name', '', 'file'],
    ['a trailing slash', 'dir/', 'file'],
    ['only controls', '\0\u202E\n', 'file'],
    ['unicode', '写真 Résumé 🎉.jpg', '写真 Résumé 🎉.jpg'],
    ['decomposed accents', 'Re\u0301sume\u0301.pdf', 'Résumé.pdf'],
    ['a lone surrogate', 'bad\uD800name.txt', 'bad\uFFFDname.txt'],
  ])('keeps %s readable', (_case, original, kept) => {
    expect(sanitizeOriginalName(original)).toBe(kept);
  });

  it('cuts very long names to 255 characters, keeping the extension', () => {
    const kept = sanitizeOriginalName(`${'x'.repeat(1000)}.pdf`);
    expect(kept).toHaveLength(255);
    expect(kept).toBe(`${'x'.repeat(251)}.pdf`);
  });

  it('cuts by character, never inside an emoji', () => {
    const kept = sanitizeOriginalName('🎉'.repeat(300));
    expect(Array.from(kept)).toHaveLength(255);
    expect(kept).toBe('🎉'.repeat(255));
  });
});
