// ESLint for the whole tree (`npm run lint`, with depcruise for import boundaries: .dependency-cruiser.cjs).
// Syntax-only typescript-eslint rules (no type information) so a run stays a few seconds.
import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** Network calls that pages and components leave to the stores (typed API client, sync) and src/platform. */
const NETWORK_CALLS = ['request', 'uploadFile', 'downloadFile', 'connectSocket']
const NETWORK_MESSAGE = 'Pages and components reach the server through src/stores (the API client, sync), not directly.'

export default tseslint.config(
  {
    ignores: ['**/node_modules/', 'dist/', 'dist-*/', 'server/dist/', 'test/artifacts/', 'bench/out/', 'coverage/', '.swc/', '.taro-cache/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Plain JS here is Node tooling: configs, the build script, the results summary.
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      // Unused names are the compiler's job (noUnusedLocals/noUnusedParameters in both tsconfigs).
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    // Chinese documents indent and separate with the ideographic space (U+3000) inside text, as in string literals.
    rules: { 'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }] },
  },
  {
    // Kysely's own advice: a migration takes Kysely<any>, never today's schema types (.dependency-cruiser.cjs
    // keeps it from importing them).
    files: ['server/src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/pages/**', 'src/pkg-official/**', 'src/components/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...NETWORK_CALLS.flatMap((property) => [
          { object: 'Taro', property, message: NETWORK_MESSAGE },
          { object: 'wx', property, message: NETWORK_MESSAGE },
        ]),
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@tarojs/taro', importNames: NETWORK_CALLS, message: NETWORK_MESSAGE }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: NETWORK_MESSAGE },
        { name: 'XMLHttpRequest', message: NETWORK_MESSAGE },
      ],
    },
  },
  {
    // Shared by the mini-program and the server: nothing that exists only in a browser, in WeChat or in Node.
    files: ['src/core/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'fetch', 'XMLHttpRequest', 'wx', 'Taro', 'Buffer', 'process', 'require', '__dirname', '__filename'].map(
          (name) => ({ name, message: 'src/core runs in WeChat, the H5 app and Node: take this through a port (see core/sync/ports.ts).' }),
        ),
      ],
    },
  },
)
