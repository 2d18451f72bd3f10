// Collects the JSON lines an app's pino logger writes (instead of printing them), so a test can
// count what an operator would see. Nest's logger and Fastify's write through the same stream.

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { symbols } from 'pino';

export interface LogLine {
  level: number;
  msg?: string;
  context?: string;
  [key: string]: unknown;
}

export const WARN = 40;

export interface LogLines {
  all(): LogLine[];
}

export function captureLogLines(app: NestFastifyApplication): LogLines {
  const logger = app.getHttpAdapter().getInstance().log as unknown as Record<symbol, { write(line: string): boolean }>;
  const stream = logger[symbols.streamSym];
  if (!stream) throw new Error('the app logger has no stream to capture');
  const lines: LogLine[] = [];
  stream.write = (line: string): boolean => {
    lines.push(JSON.parse(line) as LogLine);
    return true;
  };
  return { all: () => [...lines] };
}
