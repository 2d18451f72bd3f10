// POSTs a body to a webhook URL with node's http/https, refusing at connection time any target
// that resolves to a non-public address (AddressPolicy). The address checked is the address
// connected to (a fixed `lookup`), so a DNS answer that changes between check and connect
// (rebinding) cannot slip through. No redirects, one deadline for the whole exchange, and
// at most `responseMaxBytes` of the answer read.

import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AddressPolicy } from './address-policy.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to every address it has (dns.promises.lookup with `all: true`). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface SafeHttpOptions {
  readonly timeoutMs: number;
  readonly responseMaxBytes: number;
  readonly allowedNetworks: readonly string[];
  readonly resolve?: Resolver;
}

export type HttpOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly durationMs: number; readonly excerpt: string }
  | {
      readonly kind: 'refused' | 'timeout' | 'network';
      readonly message: string;
      readonly durationMs: number;
      /** For refusals: the address that was refused. */
      readonly address?: string;
    };

/** Bytes of the response kept for the delivery log. */
export const EXCERPT_BYTES = 1024;

class Refused extends Error {
  constructor(
    message: string,
    readonly address: string,
  ) {
    super(message);
  }
}

class TimedOut extends Error {}

export class SafeHttpClient {
  private readonly policy: AddressPolicy;
  private readonly resolve: Resolver;
  // Own pools: a socket is only ever opened by this client, to an address it checked.
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly options: SafeHttpOptions) {
    this.policy = new AddressPolicy(options.allowedNetworks);
    this.resolve = options.resolve ?? systemResolver;
  }

  async post(url: string, body: string, headers: Readonly<Record<string, string>>): Promise<HttpOutcome> {
    const outcome = await this.send(url, { method: 'POST', body, headers }, async (response) => ({
      status: response.statusCode ?? 0,
      excerpt: await readLimited(response, this.options.responseMaxBytes),
    }));
    return outcome.kind === 'response'
      ? {
          kind: 'response',
          status: outcome.value.status,
          excerpt: outcome.value.excerpt,
          durationMs: outcome.durationMs,
        }
      : outcome;
  }

  /**
   * Any method, with the whole answer: status, headers and a body of at most `maxBytes` (a
   * longer one is a `network` outcome). Redirects are not followed: the caller sees them and
   * may send the next request, which is checked like the first.
   */
  async request(
    url: string,
    init: { method: string; headers: Readonly<Record<string, string>>; body?: string; maxBytes: number },
  ): Promise<SentOutcome<FullResponse>> {
    return this.send(url, init, async (response) => ({
      status: response.statusCode ?? 0,
      headers: flatHeaders(response),
      body: await readAll(response, init.maxBytes),
    }));
  }

  private async send<T>(
    url: string,
    init: { method: string; headers: Readonly<Record<string, string>>; body?: string },
    read: (response: IncomingMessage) => Promise<T>,
  ): Promise<SentOutcome<T>> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimedOut()), this.options.timeoutMs);
    });
    deadline.catch(() => undefined); // only ever observed through the races below
    let abort: (() => void) | undefined;
    try {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        return {
          kind: 'refused',
          message: `only http and https URLs are allowed, not ${target.protocol}`,
          durationMs: 0,
        };
      }
      const address = await Promise.race([this.checkedAddress(target.hostname), deadline]);
      const exchange = this.exchange(target, address, init, read);
      abort = exchange.abort;
      const value = await Promise.race([exchange.done, deadline]);
      return { kind: 'response', value, durationMs: elapsed() };
    } catch (error) {
      abort?.();
      if (error instanceof Refused) {
        return { kind: 'refused', message: error.message, address: error.address, durationMs: elapsed() };
      }
      if (error instanceof TimedOut) {
        return {
          kind: 'timeout',
          message: `no complete answer within ${this.options.timeoutMs} ms`,
          durationMs: elapsed(),
        };
      }
      return { kind: 'network', message: describeNetworkError(error), durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** The one address to connect to, after checking every address the host has. */
  private async checkedAddress(hostname: string): Promise<ResolvedAddress> {
    const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    const family = isIP(host);
    // Node skips `lookup` for IP literals, so they are checked here, before connecting.
    const addresses = family !== 0 ? [{ address: host, family }] : await this.lookup(host);
    if (addresses.length === 0) throw new Error(`${host} has no address`);
    for (const { address } of addresses) {
      const refusal = this.policy.refusal(address);
      if (refusal !== undefined) {
        throw new Refused(family !== 0 ? refusal : `${host} resolves to ${address}: ${refusal}`, address);
      }
    }
    return addresses[0] as ResolvedAddress;
  }

  private async lookup(host: string): Promise<readonly ResolvedAddress[]> {
    try {
      return await this.resolve(host);
    } catch (error) {
      throw new Error(`${host} could not be resolved (${describeNetworkError(error)})`, { cause: error });
    }
  }

  private exchange<T>(
    target: URL,
    address: ResolvedAddress,
    init: { method: string; headers: Readonly<Record<string, string>>; body?: string },
    read: (response: IncomingMessage) => Promise<T>,
  ): { done: Promise<T>; abort: () => void } {
    const fixedLookup: LookupFunction = (_hostname, options, callback) => {
      // Node asks for one address or, with autoSelectFamily, for all of them.
      if (options.all) callback(null, [{ address: address.address, family: address.family }]);
      else callback(null, address.address, address.family);
    };
    const transport = target.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const request = transport.request(target, {
      method: init.method,
      agent: target.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
      lookup: fixedLookup,
      headers,
    });
    const done = new Promise<T>((resolve, reject) => {
      // `on`, not `once`: a socket torn down after the answer may still report an error.
      request.on('error', reject);
      request.once('response', (response) => {
        read(response).then(resolve, reject);
      });
    });
    request.end(init.body);
    return { done, abort: () => request.destroy() };
  }
}

export interface FullResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** An exchange's outcome: the value read from the response, or why there was none. */
export type SentOutcome<T> =
  | { readonly kind: 'response'; readonly value: T; readonly durationMs: number }
  | {
      readonly kind: 'refused' | 'timeout' | 'network';
      readonly message: string;
      readonly durationMs: number;
      readonly address?: string;
    };

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The whole body as text; more than `maxBytes` is an error. */
function readAll(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(new Error(`the response body is over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

/** Reads at most `maxBytes` of the body, then stops; resolves with the first KB as text. */
function readLimited(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let readBytes = 0;
    const finish = (): void => {
      // NUL cannot be stored in a text column; the excerpt is for people anyway.
      resolve(Buffer.concat(kept).toString('utf8').replaceAll('\u0000', ''));
    };
    if (maxBytes === 0) {
      response.destroy();
      finish();
      return;
    }
    response.on('data', (chunk: Buffer) => {
      if (keptBytes < EXCERPT_BYTES) {
        const slice = chunk.subarray(0, EXCERPT_BYTES - keptBytes);
        kept.push(slice);
        keptBytes += slice.length;
      }
      readBytes += chunk.length;
      if (readBytes >= maxBytes) {
        response.destroy();
        finish();
      }
    });
    response.once('end', finish);
    response.on('error', reject);
  });
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
