// The integration-test harness: real PostgreSQL and Redis, one database per suite, real apps.
export { createTestEnvironment, TEST_REDIS_URL, type TestEnvironment } from './test-environment.js';
export { waitFor } from './wait-for.js';
export { startPrivateRedis, type PrivateRedis } from './redis-server.js';
export { httpClient, type HttpClient, type HttpResult, type RequestOptions } from './http-client.js';
export { assertProblemSentences, isSentence, problemFragments } from './problem-sentences.js';
export { ensureBuilt, freePort, runNode, REPO_ROOT, type RunningProcess } from './processes.js';
export { startS3Server, type S3TestServer } from './s3-server.js';
export {
  startTestIdentityProvider,
  type IdTokenTamper,
  type TestIdentityProvider,
  type TestIdentityProviderOptions,
  type TestOidcClient,
  type TestOidcUser,
} from './sign-in/test-identity-provider.js';
export { followAuthorization, type FollowAuthorizationOptions } from './sign-in/follow-authorization.js';
export {
  startGitHubStub,
  type GitHubStub,
  type GitHubStubEmail,
  type GitHubStubOptions,
  type GitHubStubUser,
} from './sign-in/github-stub.js';
export {
  createSoftwareAuthenticator,
  type SoftwareAuthenticator,
  type SoftwareCredential,
} from './sign-in/software-authenticator.js';
export {
  buildClientPackage,
  CLIENT_SOURCE,
  compileClientProgram,
  installClientPackage,
  runClientProgram,
  typeCheckClientProgram,
  type TypeCheck,
  type TypeFinding,
} from './client-programs.js';
export {
  makeTestCertificates,
  startTlsPostgres,
  startTlsRedis,
  type TestCertificates,
  type TlsServer,
} from './tls-servers.js';
