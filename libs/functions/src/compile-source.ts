// Deploy-time compilation: the function's TypeScript or JavaScript becomes one ESM module with
// esbuild. Imports are bundled, and since a function has only its own file, any import fails
// here with its position rather than at run time. Errors come back as 400 field errors that
// name the file, line and column.

import { AppException, asSentence, ErrorCode, type FieldError } from '@stagecraft/core';
import type { Message } from 'esbuild';

export const FUNCTION_LANGUAGES = ['typescript', 'javascript'] as const;
export type FunctionLanguage = (typeof FUNCTION_LANGUAGES)[number];

export interface CompileProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export function sourceFileName(name: string, language: FunctionLanguage): string {
  return `${name}.${language === 'typescript' ? 'ts' : 'js'}`;
}

function problemOf(message: Message, file: string): CompileProblem {
  return {
    file: message.location?.file ?? file,
    line: message.location?.line ?? 1,
    // esbuild counts columns from 0; editors and people from 1.
    column: (message.location?.column ?? 0) + 1,
    message: message.text,
  };
}

/** The module's code; throws a 400 listing every compile error with its position. */
export async function compileSource(name: string, language: FunctionLanguage, source: string): Promise<string> {
  const file = sourceFileName(name, language);
  try {
    // esbuild loads with the first deploy, not with every API process.
    const { build } = await import('esbuild');
    const result = await build({
      stdin: { contents: source, loader: language === 'typescript' ? 'ts' : 'js', sourcefile: file },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      charset: 'utf8',
      legalComments: 'none',
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error('esbuild produced no output');
    return output.text;
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!Array.isArray(messages) || messages.length === 0) throw error;
    const problems = messages.map((message) => problemOf(message, file));
    const errors: FieldError[] = problems.map((problem) => ({
      field: 'source',
      code: 'compile',
      // Where first, in words; `compile_errors` has the same place for tools.
      message: asSentence(`Line ${problem.line}, column ${problem.column} of ${problem.file}: ${problem.message}`),
    }));
    throw new AppException(ErrorCode.ValidationFailed, `The source does not compile (${errors.length} error(s)).`, {
      errors,
      extensions: { compile_errors: problems },
    });
  }
}
