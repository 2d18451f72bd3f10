// LOG_FORMAT=pretty: turns one pino JSON line into one short line a person can read in a
// terminal (time, level, process, context, message, then the remaining fields), stack under it.

const LEVELS: Record<number, { label: string; color: string }> = {
  10: { label: 'TRACE', color: '90' },
  20: { label: 'DEBUG', color: '36' },
  30: { label: 'INFO ', color: '32' },
  40: { label: 'WARN ', color: '33' },
  50: { label: 'ERROR', color: '31' },
  60: { label: 'FATAL', color: '35' },
};

/** Members shown in the line's own columns, or not at all (pid and hostname say nothing on a laptop). */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'name', 'context', 'msg', 'err']);
/** Members the request summary (`GET /x → 200 3ms`) already says. */
const IN_REQUEST_SUMMARY = new Set(['req', 'res', 'responseTime']);

type Fields = Record<string, unknown>;

function paint(text: string, color: string, colors: boolean): string {
  return colors ? `\u001b[${color}m${text}\u001b[0m` : text;
}

function clock(time: unknown): string {
  const date = typeof time === 'string' || typeof time === 'number' ? new Date(time) : new Date();
  return Number.isNaN(date.getTime()) ? String(time) : date.toISOString().slice(11, 23);
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  // JSON.stringify says it returns a string, but gives undefined for a function or a symbol.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? String(value);
}

/** `GET /api/v1/x → 200 3ms` for the one-line-per-request entries. */
function request(fields: Fields): string | undefined {
  const req = fields.req as { method?: string; url?: string } | undefined;
  const res = fields.res as { statusCode?: number } | undefined;
  if (!req?.method || !res?.statusCode) return undefined;
  const ms = typeof fields.responseTime === 'number' ? ` ${Math.round(fields.responseTime)}ms` : '';
  return `${req.method} ${req.url ?? ''} → ${res.statusCode}${ms}`;
}

function errorLines(err: unknown): string[] {
  if (typeof err !== 'object' || err === null) return [];
  const { stack, message } = err as { stack?: unknown; message?: unknown };
  const text = typeof stack === 'string' ? stack : typeof message === 'string' ? message : JSON.stringify(err);
  return text.split('\n').map((line) => `    ${line.trim()}`);
}

export function prettyLine(json: string, options: { colors: boolean }): string {
  let fields: Fields;
  try {
    fields = JSON.parse(json) as Fields;
  } catch {
    return json.trimEnd(); // not one of ours: pass it through untouched
  }
  const level = LEVELS[Number(fields.level)] ?? { label: String(fields.level).padEnd(5), color: '0' };
  const name = typeof fields.name === 'string' ? fields.name.replace(/^stagecraft-/, '') : '';
  const context = typeof fields.context === 'string' ? paint(`[${fields.context}] `, '90', options.colors) : '';
  const requestLine = request(fields);
  const message = [typeof fields.msg === 'string' ? fields.msg : '', requestLine]
    .filter((part) => part && part !== 'request completed')
    .join(' ');
  const rest = Object.entries(fields)
    .filter(
      ([key, value]) => !SHOWN_APART.has(key) && value !== undefined && !(requestLine && IN_REQUEST_SUMMARY.has(key)),
    )
    .map(([key, value]) => `${paint(key, '90', options.colors)}=${scalar(value)}`);
  const head = [
    paint(clock(fields.time), '90', options.colors),
    paint(level.label, level.color, options.colors),
    name.padEnd(6),
    `${context}${message}`,
  ].join(' ');
  return [rest.length > 0 ? `${head}  ${rest.join(' ')}` : head, ...errorLines(fields.err)].join('\n');
}
