// How outcomes, durations and returned values are shown.
import { describe, expect, it } from 'vitest';
import { formatMs, logOffset, OUTCOMES, outcomeColor, outcomeDescription, prettyJson } from './invocation-outcomes';

describe('outcomes', () => {
  it('colours success green, failures otherwise, and explains each', () => {
    expect(outcomeColor('ok')).toBe('green');
    for (const outcome of OUTCOMES.filter((item) => item !== 'ok')) expect(outcomeColor(outcome)).not.toBe('green');
    expect(outcomeDescription('timeout')).toMatch(/timeout/);
  });

  it('falls back for an outcome it does not know', () => {
    expect(outcomeColor('queued')).toBe('gray');
    expect(outcomeDescription('queued')).toBe('queued');
  });
});

describe('figures', () => {
  it.each([
    [0.4234, '0.42 ms'],
    [12.34, '12.3 ms'],
    [140.4, '140 ms'],
    [1250, '1.25 s'],
  ])('formats %s ms as %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it('shows log offsets and returned values', () => {
    expect(logOffset(3.6)).toBe('+4 ms');
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson(undefined)).toBe('null');
  });
});
