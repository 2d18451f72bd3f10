import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { logHostOutput } from './host-output.js';

/** Runs `script` in a real child with piped output and returns what reached the log. */
async function loggedOutputOf(script: string): Promise<string[]> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const entries: string[] = [];
  logHostOutput(child, { warn: (message) => entries.push(message) });
  await once(child, 'close');
  return entries.map((entry) => entry.replace(`Sandbox host ${child.pid} `, 'Sandbox host PID '));
}

describe('logHostOutput', () => {
  it('logs each write of stderr and stdout as one warning naming the host and the stream', async () => {
    const entries = await loggedOutputOf(
      "process.stderr.write('<--- Last few GCs --->\\n\\nMark-Compact 32.6 MB\\n', () => process.stdout.write('plain'))",
    );
    expect(entries).toEqual([
      'Sandbox host PID wrote to stderr: <--- Last few GCs --->\n\nMark-Compact 32.6 MB',
      'Sandbox host PID wrote to stdout: plain',
    ]);
  });

  it('cuts a long write at 4,000 characters and skips blank ones', async () => {
    const entries = await loggedOutputOf(
      "process.stderr.write('   \\n', () => process.stderr.write('x'.repeat(5000)))",
    );
    expect(entries).toEqual([`Sandbox host PID wrote to stderr: ${'x'.repeat(4000)}…`]);
  });
});
