// typescript-eslint strict, type-aware: floating promises, exhaustive switches and type-only
// imports are errors (CONVENTIONS.md, point 13). Formatting is Prettier's job.

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const typeChecked = tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] }));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'admin-ui/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...typeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Nest modules are classes with static factories only.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Reports Nest's plain option objects typed as classes.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        globalThis: 'readonly',
      },
    },
  },
  {
    // Tests assert on loosely typed response bodies.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'apps/*/test/**', 'libs/testing/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // afterAll hooks tolerate a beforeAll that failed half-way.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
);
