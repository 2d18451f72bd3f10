// Decides what an uploaded file really is from its first bytes, never from the client's name or
// Content-Type, and whether a browser would run it or render it as a document if served inline.

import { fileTypeFromBuffer } from 'file-type';

export interface DetectedContentType {
  readonly mime: string;
  /** The extension the content proves, or null when it proves none (plain text, unknown bytes). */
  readonly ext: string | null;
  /** True when a browser would execute the content or render it as a document. */
  readonly active: boolean;
}

/** How many leading bytes to pass: file-type's `reasonableDetectionSizeInBytes` (not in its typings). */
export const SNIFF_BYTES = 4100;

const OCTET_STREAM = 'application/octet-stream';

export async function detectContentType(head: Buffer): Promise<DetectedContentType> {
  const magic = await fileTypeFromBuffer(head);
  // file-type knows binary signatures only; it reports every `<?xml ` document as plain XML.
  if (magic && magic.mime !== 'application/xml') return typed(magic.mime, magic.ext);
  const markup = sniffMarkup(head);
  if (markup) return typed(markup.mime, markup.ext);
  if (magic) return typed(magic.mime, magic.ext);
  return looksLikeText(head) ? typed('text/plain', null) : typed(OCTET_STREAM, null);
}

function typed(mime: string, ext: string | null): DetectedContentType {
  return { mime, ext, active: isActiveType(mime) };
}

// Served inline, these run script or become a document that can (XML may carry XHTML, XSLT).
const ACTIVE_TYPES = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'application/xml',
  'text/xml',
  'text/xsl',
  'application/xslt+xml',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'text/ecmascript',
  'application/ecmascript',
]);

export function isActiveType(mime: string): boolean {
  const type = essence(mime);
  return ACTIVE_TYPES.has(type) || type.endsWith('+xml');
}

/**
 * True when `mime` is one of `allowed`, each an exact type, `type/*` or `*` / `*\/*`. Wildcards
 * never admit active types: `image/*` means pictures, so an SVG must be listed by name.
 */
export function mimeMatches(mime: string, allowed: readonly string[]): boolean {
  const type = essence(mime);
  const [major, minor] = type.split('/');
  if (!major || !minor) return false;
  const active = isActiveType(type);
  return allowed.some((entry) => {
    const wanted = essence(entry);
    if (wanted === type) return true;
    return !active && (wanted === `${major}/*` || wanted === '*/*' || wanted === '*');
  });
}

/** The bare `type/subtype`, lower-cased, without parameters such as `; charset=utf-8`. */
function essence(mime: string): string {
  return (mime.split(';')[0] ?? '').trim().toLowerCase();
}

interface MarkupType {
  readonly mime: string;
  readonly ext: string;
}

const SVG: MarkupType = { mime: 'image/svg+xml', ext: 'svg' };
const HTML: MarkupType = { mime: 'text/html', ext: 'html' };
const XHTML: MarkupType = { mime: 'application/xhtml+xml', ext: 'xhtml' };
const XML: MarkupType = { mime: 'application/xml', ext: 'xml' };

// The tags that make browsers sniff a document as HTML (WHATWG MIME Sniffing, "identify an unknown type").
const HTML_ROOTS = new Set([
  'html',
  'head',
  'body',
  'script',
  'iframe',
  'h1',
  'div',
  'font',
  'table',
  'a',
  'style',
  'title',
  'b',
  'br',
  'p',
]);

const PROLOG_PARTS = [
  /^<\?[\s\S]*?\?>/, // XML declaration or processing instruction
  /^<!--[\s\S]*?-->/,
  /^<!doctype[^>[]*(?:\[[\s\S]*?\])?\s*>/i, // a doctype, with an internal subset when present
];

/** SVG, HTML, XHTML or XML by the first element after the prolog; null when the text is not markup. */
function sniffMarkup(head: Buffer): MarkupType | null {
  let rest = head
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart();
  if (!rest.startsWith('<')) return null;
  if (/^<!doctype\s+html[\s>]/i.test(rest)) return HTML;
  const declaresXml = rest.startsWith('<?xml');
  rest = skipProlog(rest);
  const root = /^<(?:[A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)(?=[\s/>]|$)/.exec(rest)?.[1]?.toLowerCase();
  if (root === 'svg') return SVG;
  if (root === 'html') return declaresXml ? XHTML : HTML;
  if (root !== undefined && HTML_ROOTS.has(root)) return HTML;
  if (declaresXml) return XML;
  // A comment cut off by the end of the head is what browsers take for HTML; any other element
  // or a doctype we could not read to its end is answered as XML, so it stays active.
  if (rest.startsWith('<!--')) return HTML;
  if (root !== undefined || /^<!doctype/i.test(rest)) return XML;
  return null;
}

function skipProlog(text: string): string {
  let rest = text;
  for (let skipped = true; skipped;) {
    skipped = false;
    for (const part of PROLOG_PARTS) {
      const match = part.exec(rest);
      if (match) {
        rest = rest.slice(match[0].length).trimStart();
        skipped = true;
      }
    }
  }
  return rest;
}

function looksLikeText(head: Buffer): boolean {
  if (head.some(isBinaryByte)) return false;
  try {
    // A fresh decoder each time: `stream` keeps a character cut in half at the end of the head
    // for the next call instead of rejecting it.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

// Bytes no text file holds (WHATWG's "binary data bytes"): C0 controls except TAB, LF, FF, CR, ESC.
function isBinaryByte(byte: number): boolean {
  return byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f);
}
