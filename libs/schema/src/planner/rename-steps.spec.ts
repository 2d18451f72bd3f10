// Rename ordering: chains, swaps through temporary names, rotations, and refusal when a name
// is held by something that is not renamed.
import { orderRenames } from './rename-steps.js';
import { SchemaPlanError } from './schema-plan-error.js';

const req = (from: string, to: string) => ({ key: from, from, to, item: from });
const pairs = (steps: { from: string; to: string }[]) => steps.map((s) => `${s.from}>${s.to}`);

describe('orderRenames', () => {
  it('runs a chain back to front', () => {
    expect(pairs(orderRenames([req('a', 'b'), req('b', 'c')], ['a', 'b']))).toEqual(['b>c', 'a>b']);
  });

  it('breaks a cycle with a temporary name', () => {
    const steps = orderRenames([req('a', 'b'), req('b', 'a')], ['a', 'b']);
    expect(steps.map((s) => s.temporary)).toEqual([true, false, false]);
    expect(pairs(steps)).toEqual([`a>${steps[0]?.to}`, 'b>a', `${steps[0]?.to}>b`]);
  });

  it('handles three-way rotations', () => {
    const steps = orderRenames([req('a', 'b'), req('b', 'c'), req('c', 'a')], ['a', 'b', 'c']);
    const names = new Map([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
    ]);
    for (const step of steps) {
      const holder = [...names].find(([, name]) => name === step.from)?.[0];
      expect([...names.values()]).not.toContain(step.to);
      if (holder !== undefined) names.set(holder, step.to);
    }
    expect(Object.fromEntries(names)).toEqual({ a: 'b', b: 'c', c: 'a' });
  });

  it('refuses a name held by something that is not renamed', () => {
    expect(() => orderRenames([req('a', 'b')], ['a', 'b'])).toThrow(SchemaPlanError);
  });
});
