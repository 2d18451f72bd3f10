// Function figures of this process in /metrics: invocations by trigger and outcome (errors,
// timeouts, memory and crashes are outcomes), their durations, and cold starts.

import type { FunctionRunner } from '@stagecraft/functions';
import { Counter, Histogram, type Registry } from 'prom-client';

export function registerFunctionMetrics(registry: Registry, runner: FunctionRunner): void {
  const invocations = new Counter({
    name: 'stagecraft_function_invocations_total',
    help: 'Function invocations by trigger (http, test) and outcome (ok, error, timeout, memory, crashed)',
    labelNames: ['trigger', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'stagecraft_function_duration_seconds',
    help: 'Function invocation wall time in seconds, ctx calls included, by trigger',
    labelNames: ['trigger'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const coldStarts = new Counter({
    name: 'stagecraft_function_cold_starts_total',
    help: 'Invocations that started a new isolate (no warm one of their version was idle)',
    registers: [registry],
  });
  runner.observe((invocation) => {
    invocations.inc({ trigger: invocation.trigger, outcome: invocation.outcome });
    duration.observe({ trigger: invocation.trigger }, invocation.duration_ms / 1000);
    if (invocation.cold) coldStarts.inc();
  });
}
