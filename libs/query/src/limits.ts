// Caps that keep a hostile expression from costing much to parse, compile or run.
// Callers may tighten or loosen them; every cap is checked before the work it bounds.

export interface ExpressionLimits {
  /** Maximum source length in characters (UTF-16 code units). */
  readonly maxLength: number;
  /** Maximum nesting of parentheses and `!`. */
  readonly maxDepth: number;
  /** Maximum number of comparisons. */
  readonly maxTerms: number;
  /** Maximum number of items in one list literal. */
  readonly maxListItems: number;
  /** Maximum relation hops in a field path (`a.b.c.d` has 3). */
  readonly maxRelationHops: number;
}

export const DEFAULT_LIMITS: ExpressionLimits = Object.freeze({
  maxLength: 4096,
  maxDepth: 16,
  maxTerms: 50,
  maxListItems: 100,
  maxRelationHops: 3,
});

/** Defaults overlaid with the caller's choices. A bad cap is a programming error, not an input error. */
export function resolveLimits(overrides: Partial<ExpressionLimits> = {}): ExpressionLimits {
  const limits: ExpressionLimits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`expression limit ${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
  return limits;
}
