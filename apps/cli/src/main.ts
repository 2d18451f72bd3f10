// The `stagecraft` command line: `npm run stagecraft -- <command>`.

import 'reflect-metadata';
import { adminCreateCommand } from './commands/admin-create.command.js';
import { genTypesCommand } from './commands/gen-types.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { schemaCommand } from './commands/schema.command.js';
import { startCommand } from './commands/start.command.js';

const commands: Record<string, { run: (args: string[]) => Promise<void>; help: string }> = {
  start: { run: startCommand, help: 'run the API and the worker (embedded PostgreSQL when DATABASE_URL is unset)' },
  migrate: { run: migrateCommand, help: 'apply pending system migrations and exit' },
  'admin create': { run: adminCreateCommand, help: '--email E --password P: create an admin account' },
  'gen types': {
    run: genTypesCommand,
    help: '--out FILE [--url URL --api-key KEY | --from-snapshot FILE]: types for @stagecraft/client',
  },
  schema: { run: schemaCommand, help: 'export [FILE] | diff FILE | apply FILE [--allow-destructive] [--dry-run]' },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(14)} ${command.help}`);
  return `Usage: stagecraft <command>\n\nCommands:\n${lines.join('\n')}\n`;
}

const argv = process.argv.slice(2);
// Commands are one word (`start`) or two (`admin create`).
const twoWords = argv.slice(0, 2).join(' ');
const [name, args] = twoWords in commands ? [twoWords, argv.slice(2)] : [argv[0], argv.slice(1)];
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(
    name && name !== 'help' && name !== '--help' ? `Unknown command "${name}".\n\n${usage()}` : usage(),
  );
  process.exit(name === 'help' || name === '--help' ? 0 : 2);
} else {
  command.run(args).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
