// One pino logger per process writing JSON lines (or readable ones on a terminal), and the
// adapter that lets Nest's own Logger calls land in it, so every line has the same shape.

import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyLine } from './pretty-line.js';

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT when set; otherwise readable lines for a person at a terminal, JSON for everything else. */
export function resolveLogFormat(
  configured: LogFormat | undefined,
  env: string,
  isTerminal: boolean = process.stdout.isTTY,
): LogFormat {
  if (configured) return configured;
  return isTerminal && env !== 'production' ? 'pretty' : 'json';
}

/** Writes each JSON line pino produces as one readable line; synchronous, which a terminal is anyway. */
function prettyDestination(out: NodeJS.WriteStream = process.stdout): DestinationStream {
  const colors = out.isTTY && !process.env.NO_COLOR;
  return { write: (line: string) => void out.write(`${prettyLine(line, { colors })}\n`) };
}

export function createLogger(options: { level: string; name: string; format?: LogFormat }): Logger {
  return pino(
    {
      level: options.level,
      name: options.name,
      // Secrets must never reach the logs, even when a whole request is logged; SQL parameters of
      // failed queries can hold password hashes or record values, so they are dropped too.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          '*.password',
          'err.parameters',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // Asynchronous: lines written while a write is in flight go out together in one syscall,
    // instead of one blocking write per line on the request path. Flushed at exit by pino.
    options.format === 'pretty' ? prettyDestination() : pino.destination({ sync: false }),
  );
}

/**
 * Nest's start-up chatter, a line per module, controller and route (over 150 for the API): it
 * helps when debugging the wiring and buries everything else, so it is logged at debug.
 */
const FRAMEWORK_START_UP = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write(context !== undefined && FRAMEWORK_START_UP.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    const ctx = context ?? stackOrContext;
    if (message instanceof Error) {
      this.logger.error({ context: ctx, err: message }, message.message);
      return;
    }
    this.logger.error(
      { context: ctx, ...(context && stackOrContext ? { stack: stackOrContext } : {}) },
      String(message),
    );
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context?: string): void {
    if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message });
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
