// The integration-test harness: real PostgreSQL and Redis, one database per suite, real apps.
export { createTestEnvironment, TEST_REDIS_URL, type TestEnvironment } from './test-environment.js';
export { waitFor } from './wait-for.js';
