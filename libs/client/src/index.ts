// Public API of @stagecraft/client: `createClient`, its modules' types, the schema types that
// `stagecraft gen types` fills in, StagecraftError, and the `filter` template for user input.
export { createClient } from './create-client.js';
export type { ClientOptions, StagecraftClient } from './create-client.js';
export type { Auth, MfaMethod, PasswordCredentials, SecondFactor, SignedIn, SignInResult } from './auth/auth.js';
export type { Session, TokenAnswer, User } from './auth/session-store.js';
export { memoryStorage } from './auth/token-storage.js';
export type { TokenStorage } from './auth/token-storage.js';
export type {
  Collection,
  ListMeta,
  ListQuery,
  Page,
  ReadOptions,
  SubscribeOptions,
  WriteOptions,
} from './collection.js';
export type { Files, FileToken, FileUrlOptions } from './files.js';
export type { Functions, InvokeOptions } from './functions.js';
export type { Graphql, GraphqlErrorEntry, GraphqlOptions } from './graphql.js';
export type { UploadOptions, UploadReference } from './resumable-upload.js';
export type { FetchLike, Http, RequestOptions } from './http.js';
export { StagecraftError, isStagecraftError } from './problem.js';
export type { FieldProblem, Problem } from './problem.js';
export type { ConnectionState, Realtime, RealtimeEvent, RealtimeSubscription } from './realtime/realtime.js';
export type { SocketConstructor } from './realtime/websocket-transport.js';
export { filter } from './filter.js';
export type { FilterValue } from './filter.js';
export type * from './schema-types.js';
