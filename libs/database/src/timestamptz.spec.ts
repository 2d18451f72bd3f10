import pg from 'pg';
import { timestamptzParser } from './timestamptz.js';

const general = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number | null;
const parse = timestamptzParser(general);

/** The same instant (or the same special value) as pg's own parser. */
function expectSameAsPg(text: string): void {
  const ours = parse(text);
  const theirs = general(text);
  if (theirs instanceof Date) {
    expect(ours).toBeInstanceOf(Date);
    expect((ours as Date).getTime()).toBe(theirs.getTime());
  } else {
    expect(ours).toEqual(theirs);
  }
}

describe('timestamptzParser', () => {
  it.each([
    '2026-12-07 03:47:21+00',
    '2026-12-07 03:47:21.1+00',
    '2026-12-07 03:47:21.12+00',
    '2026-12-07 03:47:21.123+00',
    '2026-12-07 03:47:21.123456+00',
    '2026-12-07 03:47:21.999999+00',
    '2026-12-07 23:59:59.5-08',
    '2026-03-29 01:30:00.25+05:30',
    '1900-01-01 00:00:00+00:09:21',
    '2000-02-29 12:00:00-03:30',
    '0100-01-01 00:00:00+00',
    '9999-12-31 23:59:59.999999+00',
  ])('reads %s as pg does', (text) => {
    expectSameAsPg(text);
  });

  it('keeps the milliseconds of every 3-digit fraction, without floating-point rounding', () => {
    for (let fraction = 0; fraction < 1000; fraction += 1) {
      const text = `2026-12-07 03:47:21.${String(fraction).padStart(3, '0')}+00`;
      expect((parse(text) as Date).getTime() % 1000).toBe(fraction);
    }
  });

  it.each([
    'infinity',
    '-infinity',
    '0001-01-01 00:00:00+00 BC',
    '0099-06-01 10:00:00+00',
    '12026-01-01 00:00:00+00',
    '2026-12-07 03:47:21.123+00 BC',
  ])('hands %s to the general parser', (text) => {
    expectSameAsPg(text);
  });
});
