// How the delivery log shows states, statuses, attempt outcomes and durations.
import { describe, expect, it } from 'vitest';
import {
  attemptOutcome,
  DELIVERY_STATES,
  deliveryStateColor,
  deliveryStateDescription,
  formatDuration,
  httpStatusColor,
} from './delivery-states';

describe('delivery states', () => {
  it('gives every state its own colour and an explanation', () => {
    const colors = DELIVERY_STATES.map(deliveryStateColor);
    expect(new Set(colors).size).toBe(DELIVERY_STATES.length);
    expect(deliveryStateColor('succeeded')).toBe('green');
    expect(deliveryStateColor('dead')).toBe('red');
    expect(deliveryStateDescription('refused')).toMatch(/not allowed/);
  });

  it('falls back for a state it does not know', () => {
    expect(deliveryStateColor('paused')).toBe('gray');
    expect(deliveryStateDescription('paused')).toBe('paused');
  });
});

describe('attempts', () => {
  it.each([
    [200, 'green'],
    [204, 'green'],
    [302, 'orange'],
    [404, 'orange'],
    [500, 'red'],
    [null, 'red'],
  ])('colours status %s %s', (status, color) => {
    expect(httpStatusColor(status)).toBe(color);
  });

  it('says what happened: the status, else the error, else no answer', () => {
    expect(attemptOutcome({ response_status: 503, error: 'ignored' })).toBe('HTTP 503');
    expect(attemptOutcome({ response_status: null, error: 'timed out after 15000 ms' })).toBe(
      'timed out after 15000 ms',
    );
    expect(attemptOutcome({ response_status: null, error: null })).toBe('no answer');
  });

  it.each([
    [null, '—'],
    [0, '0 ms'],
    [12.4, '12 ms'],
    [999, '999 ms'],
    [1234, '1.23 s'],
    [15000, '15.0 s'],
  ])('formats %s ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
