// Renders string literals for DDL, which cannot take bind parameters (DEFAULT, CHECK). Strings
// with a backslash use the E'' form so the result is safe whatever standard_conforming_strings is.
export class UnsafeLiteralError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeLiteralError';
  }
}

export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new UnsafeLiteralError('string literal contains a NUL character');
  const quoted = value.replaceAll("'", "''");
  if (!quoted.includes('\\')) return `'${quoted}'`;
  return `E'${quoted.replaceAll('\\', '\\\\')}'`;
}

/** A finite JavaScript number as a SQL numeric literal (PostgreSQL accepts exponent notation). */
export function numericLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new UnsafeLiteralError(`not a finite number: ${String(value)}`);
  return String(value);
}

export function textArrayLiteral(values: readonly string[]): string {
  if (values.length === 0) return "'{}'::text[]";
  return `ARRAY[${values.map(quoteLiteral).join(', ')}]::text[]`;
}
