// The sandbox host: a child process of the API or the worker that runs functions in
// isolated-vm isolates (libs/functions/src/sandbox). Started with --no-node-snapshot, which
// isolated-vm needs on Node 20+.
import { runSandboxHost } from '@stagecraft/functions/sandbox-host';

runSandboxHost();
