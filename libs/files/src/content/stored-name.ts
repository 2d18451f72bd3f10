// Names for uploaded files: the stored name is built only from safe ASCII plus a random suffix, so
// no client-chosen name can reach a storage key; the original is kept, cleaned, as metadata.

import { randomInt } from 'node:crypto';

const MAX_STEM_LENGTH = 60;
const MAX_ORIGINAL_LENGTH = 255;
const SUFFIX_LENGTH = 10;
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const EXTENSION = /^[a-z0-9]{1,10}$/;

// Extensions that make a browser, or a static file server guessing by name, treat a file as a
// document or script. Taken from the original name only when sniffing proved them (`ext`).
const ACTIVE_EXTENSIONS = new Set([
  'html',
  'htm',
  'shtml',
  'xhtml',
  'xht',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'xslt',
  'js',
  'mjs',
  'hta',
  'swf',
]);

/** 10 crypto-random lowercase letters and digits. */
export function defaultRandom(): string {
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += SUFFIX_ALPHABET.charAt(randomInt(SUFFIX_ALPHABET.length));
  return suffix;
}

/**
 * `<stem>_<random>.<ext>`: the stem is the original base name reduced to `[A-Za-z0-9_-]`, at most
 * 60 characters, `file` when nothing is left; `ext` is the sniffed extension, else the original's
 * when it is 1–10 letters or digits and not an active type; else there is no extension.
 */
export function storedFileName(originalName: string, ext: string | null, random: () => string = defaultRandom): string {
  const { stem, extension } = splitExtension(baseName(originalName));
  const safeStem = trimSeparators(toSafeAscii(stem).slice(0, MAX_STEM_LENGTH)) || 'file';
  const storedExtension = chooseExtension(ext, extension);
  return `${safeStem}_${random()}${storedExtension ? `.${storedExtension}` : ''}`;
}

/** The client's name fit to keep and show: base name only, no control or bidi characters, ≤ 255 characters. */
export function sanitizeOriginalName(name: string): string {
  const cleaned = removeControls(baseName(name).normalize('NFC'))
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim();
  if (/^[.\s]*$/.test(cleaned)) return 'file';
  return truncateKeepingExtension(cleaned, MAX_ORIGINAL_LENGTH);
}

/** What follows the last `/` or `\`: clients send either, and some send whole paths. */
function baseName(name: string): string {
  return name.split(/[/\\]/).pop() ?? '';
}

// C0 and C1 controls (NUL included), DEL, and the bidi marks and overrides that can make
// `invoice\u202Egpj.exe` read as `invoiceexe.jpg`.
function removeControls(text: string): string {
  return text.replace(/[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, '');
}

function splitExtension(base: string): { stem: string; extension: string } {
  const dot = base.lastIndexOf('.');
  // A leading dot starts a hidden file's name (`.env`), not an extension.
  if (dot <= 0) return { stem: base, extension: '' };
  return { stem: base.slice(0, dot), extension: base.slice(dot + 1) };
}

function toSafeAscii(text: string): string {
  const ascii = removeControls(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // é → e; any other non-ASCII letter becomes `_` below
    .replace(/[^A-Za-z0-9_-]+/g, '_');
  return trimSeparators(ascii);
}

// Storage key segments must start with a letter or digit (see assertStorageKey).
function trimSeparators(text: string): string {
  return text.replace(/^[-_.]+|[-_.]+$/g, '');
}

function chooseExtension(sniffed: string | null, original: string): string | null {
  const sniffedExtension = sniffed?.toLowerCase();
  if (sniffedExtension && EXTENSION.test(sniffedExtension)) return sniffedExtension;
  const originalExtension = original.toLowerCase();
  if (!EXTENSION.test(originalExtension) || ACTIVE_EXTENSIONS.has(originalExtension)) return null;
  return originalExtension;
}

/** Cuts by code point, so no surrogate pair is split, and keeps a short extension when it can. */
function truncateKeepingExtension(name: string, limit: number): string {
  const characters = Array.from(name);
  if (characters.length <= limit) return name;
  const { extension } = splitExtension(name);
  const tail = extension.length > 0 && extension.length <= 16 ? Array.from(`.${extension}`) : [];
  return [...characters.slice(0, limit - tail.length), ...tail].join('');
}
