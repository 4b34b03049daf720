// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** Import boundaries of design.md §2, as `no-restricted-imports` patterns per folder. */
const noUiInDataPlane = {
  paths: [
    { name: 'react', message: 'mqtt/ and engine/ are framework-free (design.md §2).' },
    { name: 'react-dom', message: 'mqtt/ and engine/ are framework-free (design.md §2).' },
    { name: 'zustand', message: 'mqtt/ and engine/ are framework-free (design.md §2).' },
    {
      name: 'mqtt',
      message: 'Only the worker entry imports mqtt; take the client as a parameter.',
      allowTypeImports: true,
    },
  ],
  patterns: [
    {
      group: ['**/features/**', '**/store/**', '**/app/**'],
      message: 'The data plane may not import UI code.',
    },
  ],
}

export default tseslint.config(
  {
    ignores: [
      'dist',
      // E2E_DIST / BENCH_DIST builds (dist-<name>) and their Playwright results, as in .gitignore.
      'dist-*',
      'node_modules',
      'test-results',
      'playwright-report',
      'bench/out',
      'bench/baseline/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // A React Compiler diagnostic; this app does not use the compiler, and TanStack Virtual's
      // hook is the documented way to virtualise.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    files: [
      'src/mqtt/**/*.ts',
      'src/engine/**/*.ts',
      'src/codecs/**/*.ts',
      'src/lib/**/*.ts',
      'src/scripting/**/*.ts',
      'src/brokercheck/**/*.ts',
    ],
    ignores: ['src/mqtt/mqtt.worker.ts', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', noUiInDataPlane] },
  },
  {
    files: ['src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mqtt', message: 'Only the worker imports mqtt.' }],
          patterns: [
            {
              regex: '^\\.\\./[^.]',
              message:
                'A panel imports from store/, codecs/, lib/ and its own folder, never another panel.',
            },
            {
              // Pure MQTT rules, the budgets and the charts' redraw pace (the worker builds and
              // the page draws at the same pace) are shared definitions; the rest of the engine
              // belongs to the worker.
              group: [
                '**/engine/**',
                '!**/engine/topicFilter',
                '!**/engine/budgets',
                '!**/engine/chartPace',
              ],
              message: 'Panels read the data store, not the engine.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'server/**/*.ts',
      'bench/**/*.ts',
      'e2e/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      '*.config.{ts,js}',
    ],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
  {
    // Plain Node scripts that run before node_modules exists: lint them without type information.
    files: ['scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Playwright fixtures must destructure their dependencies, even when there are none.
    files: ['e2e/fixtures/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
)
