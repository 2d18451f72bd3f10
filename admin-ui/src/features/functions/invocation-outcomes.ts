// Invocation outcomes, triggers and figures as the Test panel and the invocation log show them.
import { formatBytes } from '../../components/byte-size';
import type { InvocationOutcome, InvocationTrigger } from '../../data/functions/keys';

export const OUTCOMES = [
  'ok',
  'rejected',
  'error',
  'timeout',
  'memory',
  'crashed',
  'refused',
] as const satisfies readonly InvocationOutcome[];
export const TRIGGERS = [
  'http',
  'event',
  'before_write',
  'schedule',
  'test',
] as const satisfies readonly InvocationTrigger[];

const OUTCOME: Record<InvocationOutcome, { color: string; description: string }> = {
  ok: { color: 'green', description: 'It returned' },
  rejected: { color: 'yellow', description: 'It called ctx.reject: the call or write was refused with a 4xx' },
  error: { color: 'red', description: 'It threw an error' },
  timeout: { color: 'orange', description: 'It ran longer than its timeout' },
  memory: { color: 'grape', description: 'It used more memory than its memory_mb' },
  crashed: { color: 'red', description: 'Its sandbox process stopped' },
  refused: { color: 'gray', description: 'It was not run' },
};

export function outcomeColor(outcome: string): string {
  return (OUTCOME as Record<string, { color: string } | undefined>)[outcome]?.color ?? 'gray';
}

export function outcomeDescription(outcome: string): string {
  return (OUTCOME as Record<string, { description: string } | undefined>)[outcome]?.description ?? outcome;
}

/** Sub-millisecond runs are common: 0.42 ms, 12.3 ms, 140 ms, 1.25 s. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatMemory(bytes: number): string {
  return formatBytes(bytes);
}

export const LOG_LEVEL_COLORS: Record<string, string> = { debug: 'gray', info: 'blue', warn: 'orange', error: 'red' };

/** "+12 ms" after the start; a line's `at` is milliseconds since the invocation started. */
export function logOffset(at: number): string {
  return `+${Math.round(at)} ms`;
}

/** A returned value as pretty JSON (undefined and null both read "null"). */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2);
}
