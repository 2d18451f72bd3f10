// A loopback S3 (s3rver) with one empty bucket, for tests of the S3 storage driver; its objects
// live in a temporary folder that stop() removes.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './processes.js';

export interface S3TestServer {
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  stop(): Promise<void>;
}

/** s3rver checks request signatures against the one key pair it knows: this one. */
const CREDENTIAL = 'S3RVER';

/**
 * Runs in a child Node rather than in the test process, for two reasons: s3rver encrypts
 * ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers behind
 * `--openssl-legacy-provider` (without it any listing over 1000 keys fails), and inside Jest's
 * sandbox it misreports Node's own errors. It listens on port 0 and prints the port it got.
 *
 * It also runs deletions one at a time: s3rver 3.7 deletes the keys of one DeleteObjects
 * request concurrently and each then removes its folder if empty, so two can both find a
 * folder empty and one fails (ENOENT, a 500 to the client).
 */
const LAUNCHER = `
const S3rver = require('s3rver');
const [directory, bucket] = process.argv.slice(1);
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
const deleteObject = server.store.deleteObject.bind(server.store);
let previous = Promise.resolve();
server.store.deleteObject = (...args) => {
  const current = previous.then(() => deleteObject(...args));
  previous = current.catch(() => undefined);
  return current;
};
server.run().then(
  ({ port }) => process.stdout.write(port + '\\n'),
  (error) => { console.error(error); process.exit(1); },
);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
`;

export async function startS3Server(bucket = 'stagecraft-test'): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'stagecraft-s3-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', LAUNCHER, directory, bucket], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = once(child, 'exit');
  const portLine = new Promise<string>((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output);
    });
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };

  const port = await Promise.race([portLine.then((line) => Number.parseInt(line, 10)), exited.then(() => Number.NaN)]);
  if (!Number.isInteger(port)) {
    await stop();
    throw new Error(`s3rver did not start: ${errors}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: CREDENTIAL,
    secretAccessKey: CREDENTIAL,
    stop,
  };
}
