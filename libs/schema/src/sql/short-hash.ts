// FNV-1a, 32 bits, as 8 hex digits: a deterministic, dependency-free way to keep truncated
// object names distinct. Not for security.
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
