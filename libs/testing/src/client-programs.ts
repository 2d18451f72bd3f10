// Programs written against @stagecraft/client the way an app is: type-checked by tsc (strict,
// with the generated types beside them), then compiled by esbuild and run by Node as programs
// of their own. typescript and esbuild load on first use, so suites that never call these do
// not pay for them.

import { execFile, spawnSync } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Program } from 'typescript';
import { REPO_ROOT } from './processes.js';

const CLIENT_PACKAGE = resolve(REPO_ROOT, 'libs/client');
/** The client's source, for programs that do not install the package. */
export const CLIENT_SOURCE = resolve(CLIENT_PACKAGE, 'src/index.ts');

export interface TypeFinding {
  /** The file's name, without its folder. */
  readonly file: string;
  /** 1-based; 0 when the finding has no position. */
  readonly line: number;
  readonly message: string;
}

export interface TypeCheck {
  readonly findings: TypeFinding[];
  /** Pass it to the next check of the same files: what did not change is not checked again. */
  readonly program: Program;
}

/**
 * tsc over the files. `@stagecraft/client` resolves to its source unless `installed`: then, as
 * in an app, to the package under the files' node_modules (see installClientPackage).
 */
export async function typeCheckClientProgram(
  files: readonly string[],
  options: { readonly installed?: boolean; readonly previous?: Program } = {},
): Promise<TypeCheck> {
  const { default: ts } = await import('typescript');
  const program = ts.createProgram({
    rootNames: files,
    options: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
      moduleDetection: ts.ModuleDetectionKind.Force,
      ...(options.installed ? {} : { paths: { '@stagecraft/client': [CLIENT_SOURCE] } }),
    },
    oldProgram: options.previous,
  });
  const findings = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const position =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : undefined;
    return {
      file: diagnostic.file ? basename(diagnostic.file.fileName) : '',
      line: (position?.line ?? -1) + 1,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    };
  });
  return { findings, program };
}

/** Builds the package as `npm run build -w @stagecraft/client` does; returns its folder. */
export function buildClientPackage(): string {
  const built = spawnSync(process.execPath, [resolve(CLIENT_PACKAGE, 'scripts/build.mjs')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the client package did not build:\n${built.stdout}${built.stderr}`);
  return CLIENT_PACKAGE;
}

/**
 * Builds the package and links it into the folder's node_modules, which is what
 * `npm install <stagecraft>/libs/client` does.
 */
export async function installClientPackage(folder: string): Promise<void> {
  buildClientPackage();
  const { mkdir, symlink } = await import('node:fs/promises');
  await mkdir(resolve(folder, 'node_modules/@stagecraft'), { recursive: true });
  await symlink(CLIENT_PACKAGE, resolve(folder, 'node_modules/@stagecraft/client'), 'dir');
}

/**
 * Compiles the TypeScript program next to itself and returns the `.mjs` file. `@stagecraft/client`
 * is bundled from source unless `installed` (then Node imports the installed package).
 */
export async function compileClientProgram(
  entry: string,
  options: { readonly installed?: boolean } = {},
): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = entry.replace(/\.ts$/, '.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: !options.installed,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    ...(options.installed ? {} : { alias: { '@stagecraft/client': CLIENT_SOURCE } }),
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Compiles the program (compileClientProgram) and runs it with Node; resolves with what it
 * printed. Asynchronous, since the server it calls may be in this process.
 */
export async function runClientProgram(
  entry: string,
  options: { readonly installed?: boolean; readonly timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const program = await compileClientProgram(entry, options);
  return promisify(execFile)(process.execPath, [program], { timeout: options.timeoutMs ?? 20_000 });
}
