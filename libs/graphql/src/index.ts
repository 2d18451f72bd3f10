// GraphQL: a second syntax over the records engine's compiler, rules, writes and realtime feed.
export { GraphqlModule } from './graphql.module.js';
export {
  GraphqlService,
  SUBSCRIPTIONS_PATH,
  type GraphqlRequestContext,
  type GraphqlObserver,
} from './graphql.service.js';
export { GraphqlWsServer, type UpgradeCaller } from './subscriptions/graphql-ws-server.js';
