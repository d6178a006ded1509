import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring, callback signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Type-aware rules for the code tsc checks (tsconfig.json): a promise is awaited, returned or
    // voided on purpose, never dropped, and `return await` inside try/catch so the catch sees it.
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  globalIgnores([
    '.next/**',
    '.next-test*/**',
    'out/**',
    'build/**',
    'node_modules/**',
    'next-env.d.ts',
    // Deno code, checked with `deno lint` / `deno check` (also excluded from tsconfig.json).
    'supabase/functions/**',
    'scripts/stack/functions-router.ts',
    // Local stack state (Postgres data, logs) and generated types.
    '.stack*/**',
    'lib/database.types.ts',
    'artifacts/**',
    'test-results/**',
    // The widget's build output (scripts/build-widget.ts); its source is widget/src.
    'widget/dist/**',
  ]),
]);
