// GraphQL: a second syntax over the records engine's compiler, rules and writes.
export { GraphqlModule } from './graphql.module.js';
export { GraphqlService, type GraphqlRequestContext, type GraphqlObserver } from './graphql.service.js';
