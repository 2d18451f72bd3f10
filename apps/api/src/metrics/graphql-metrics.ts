// GraphQL figures of this process in /metrics: operations by outcome, the SQL statements each
// ran (a shape that loads per record instead of per level shows at once), and schema builds.

import type { GraphqlService } from '@stagecraft/graphql';
import { Counter, Histogram, type Registry } from 'prom-client';

export function registerGraphqlMetrics(registry: Registry, graphql: GraphqlService): void {
  const operations = new Counter({
    name: 'stagecraft_graphql_operations_total',
    help: 'GraphQL operations executed, by outcome (ok, or errors when any field failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const statements = new Histogram({
    name: 'stagecraft_graphql_statements',
    help: 'SQL statements one GraphQL operation ran (reads by the loader; writes are counted by REST’s own paths)',
    buckets: [0, 1, 2, 3, 5, 10, 20, 50],
    registers: [registry],
  });
  const schemaBuilds = new Histogram({
    name: 'stagecraft_graphql_schema_build_seconds',
    help: 'Time to build and check the GraphQL schema of a new schema version (once per version and process)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  graphql.observe({
    operation: (operation) => {
      operations.inc({ outcome: operation.ok ? 'ok' : 'errors' });
      statements.observe(operation.statements);
    },
    schemaBuilt: (build) => schemaBuilds.observe(build.milliseconds / 1000),
  });
}
