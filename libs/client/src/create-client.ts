// Puts the client together: one request core with the caller's credentials, and the modules
// over it (auth, records, realtime, files, functions, GraphQL). A capability the server gains
// becomes one more module here, built on `request` like the others; until then `request`
// reaches any route with the same credentials, token refresh and problems.

import { Auth } from './auth/auth.js';
import { apiKeyCredentials, SessionStore } from './auth/session-store.js';
import { memoryStorage, type TokenStorage } from './auth/token-storage.js';
import { Collection } from './collection.js';
import { Files } from './files.js';
import { Functions } from './functions.js';
import { Graphql } from './graphql.js';
import { createHttp, type FetchLike, type RequestOptions } from './http.js';
import { Realtime } from './realtime/realtime.js';
import { sseTransport } from './realtime/sse-transport.js';
import { webSocketTransport, type SocketConstructor } from './realtime/websocket-transport.js';
import type { CollectionName, CollectionTypes, UntypedSchema } from './schema-types.js';

export interface ClientOptions {
  /** Where the session is kept: memory by default; `localStorage`, AsyncStorage or your own. */
  readonly storage?: TokenStorage;
  /** The storage key of the session (`stagecraft.session`); the OAuth verifier uses it + `.pkce`. */
  readonly storageKey?: string;
  /** Send this API key instead of a user session (servers and scripts, never browsers). */
  readonly apiKey?: string;
  /** fetch to use instead of the global one. */
  readonly fetch?: FetchLike;
  /** Headers added to every request. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly realtime?: {
    /** `sse` (fetch streaming; the default) or `websocket` (the default on React Native). */
    readonly transport?: 'sse' | 'websocket';
    /** A WebSocket class where there is no global one (Node 20: the `ws` package). */
    readonly WebSocket?: SocketConstructor;
  };
}

export interface StagecraftClient<S> {
  readonly url: string;
  readonly auth: Auth;
  readonly files: Files<S>;
  /** Calls functions' HTTP triggers. */
  readonly functions: Functions;
  /** GraphQL queries and mutations, and what a graphql-ws client needs for subscriptions. */
  readonly graphql: Graphql;
  /** The realtime connection all subscriptions share: its state, and `close()`. */
  readonly realtime: Realtime;
  collection<C extends CollectionName<S>>(name: C): Collection<S, C>;
  /** Any API route, with the client's credentials: the JSON answer, or a StagecraftError. */
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

const isReactNative = (): boolean =>
  (globalThis as { navigator?: { product?: string } }).navigator?.product === 'ReactNative';

export function createClient<S extends { [C in keyof S]: CollectionTypes } = UntypedSchema>(
  url: string,
  options: ClientOptions = {},
): StagecraftClient<S> {
  const storage = options.storage ?? memoryStorage();
  const key = options.storageKey ?? 'stagecraft.session';
  const sessions = new SessionStore(storage, key);
  const credentials = options.apiKey === undefined ? sessions : apiKeyCredentials(options.apiKey);
  const http = createHttp(
    url,
    credentials,
    options.fetch ?? ((input, init) => fetch(input, init)),
    options.headers ?? {},
  );
  sessions.http = http;

  const { transport = isReactNative() ? 'websocket' : 'sse', WebSocket } = options.realtime ?? {};
  const realtime = new Realtime(
    transport === 'sse'
      ? sseTransport(http)
      : webSocketTransport(http, credentials, WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket),
  );
  // A refreshed token goes to the open connection; another user (or none) needs a new connection.
  let who: string | null | undefined;
  void sessions.load().then((session) => (who ??= session?.user?.id ?? null));
  sessions.onChange((session) => {
    const now = session?.user?.id ?? null;
    if (session && now === who) realtime.reauthenticate(session.accessToken);
    else realtime.reconnect();
    who = now;
  });

  return {
    url: http.baseUrl,
    auth: new Auth(http, sessions, storage, `${key}.pkce`),
    files: new Files<S>(http),
    functions: new Functions(http),
    graphql: new Graphql(http, credentials),
    realtime,
    collection: (name) => new Collection(http, realtime, name),
    request: (method, path, requestOptions) => http.request(method, path, requestOptions),
  };
}
