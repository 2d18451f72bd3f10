// One HTTP/1.1 exchange over a fresh TCP connection, written byte for byte as curl would send
// it: any bytes as the body, and every socket error (a reset, EPIPE) reported rather than
// retried or hidden, so tests can prove an answer arrived whole.

import { connect } from 'node:net';

export interface Exchange {
  /** Undefined when no complete answer arrived. */
  readonly status?: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The socket error (ECONNRESET, EPIPE) or why the answer is incomplete. */
  readonly error?: string;
}

export interface ExchangeRequest {
  readonly method: string;
  /** Path and query, already encoded. */
  readonly path: string;
  readonly body?: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Writes the body in pieces of this many bytes, each once the previous one is flushed and the
   * event loop has turned, as curl does; the server may answer (and close) while it arrives.
   */
  readonly chunkBytes?: number;
  /** Stops sending once a whole answer arrived, as curl does on an early error answer. */
  readonly stopSendingOnAnswer?: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** The complete answer in `data`, or undefined while more is to come. */
function parseAnswer(data: Buffer): Omit<Exchange, 'error'> | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  if (status === 100) return parseAnswer(data.subarray(headEnd + HEAD_END.length));
  const rest = data.subarray(headEnd + HEAD_END.length);
  if (headers['transfer-encoding'] === 'chunked') {
    if (!rest.includes('0\r\n\r\n')) return undefined;
    return { status, headers, body: rest.toString('utf8') };
  }
  const length = Number(headers['content-length'] ?? 0);
  if (rest.length < length) return undefined;
  return { status, headers, body: rest.subarray(0, length).toString('utf8') };
}

/**
 * Sends the request and resolves once the whole answer arrived and the whole body was written:
 * a reset while still sending counts as an error even when the answer came first, as it does
 * for curl (exit 55).
 */
export function exchange(baseUrl: string, request: ExchangeRequest, timeoutMs = 20_000): Promise<Exchange> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let answer: Omit<Exchange, 'error'> | undefined;
    let written = false;
    let settled = false;
    const socket = connect({ host: hostname, port: Number(port) });
    const settle = (error?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(error === undefined && answer ? answer : { headers: {}, body: '', ...answer, error });
    };
    const settleWhenDone = (): void => {
      if (answer && (written || request.stopSendingOnAnswer === true)) settle();
    };
    const timer = setTimeout(() => settle('no complete answer in time'), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      answer ??= parseAnswer(data);
      settleWhenDone();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
    socket.on('end', () => {
      if (!answer) settle('the server closed the connection before the answer was complete');
    });
    const body = request.body ?? Buffer.alloc(0);
    const headers = { host: `${hostname}:${port}`, 'content-length': String(body.length), ...request.headers };
    const head = [
      `${request.method} ${request.path} HTTP/1.1`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    const pieces: Buffer[] = [Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1')];
    const size = request.chunkBytes ?? body.length;
    for (let at = 0; at < body.length; at += size) pieces.push(body.subarray(at, at + size));
    const writeFrom = (index: number): void => {
      if (settled) return;
      if (index === pieces.length) {
        written = true;
        settleWhenDone();
        return;
      }
      socket.write(pieces[index] as Buffer, (error) => {
        if (error) settle((error as NodeJS.ErrnoException).code ?? error.message);
        // The next piece after a turn of the event loop, as the network would pace it.
        else setImmediate(() => writeFrom(index + 1));
      });
    };
    writeFrom(0);
  });
}

/** Runs `work` over `items` with at most `parallel` at a time, in order of the items. */
export async function inParallel<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}
