// Import boundaries between the app, the shared core and the server, checked by `npm run lint` (depcruise).
// Type-only imports count too: a `import type` across a boundary still ties the two sides' builds together.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment:
        'src/core is shared by the mini-program and the server: no Taro, React, state or chart (DOM/canvas) libraries, ' +
        'and no app or server code. Example: core/targets.ts may import zod, not @tarojs/taro.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        path: [
          '^node_modules/(@tarojs/|react/|react-dom/|zustand/|@antv/|qrcode-generator/)',
          '^src/(?!core/)',
          '^server/',
        ],
      },
    },
    {
      name: 'core-no-node-builtins',
      comment: 'src/core also runs in WeChat, which has no node:fs, node:crypto, Buffer modules...',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'app-not-server',
      comment: 'The app reaches the server over HTTP only; shared code lives in src/core.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-only-core-from-src',
      comment:
        'The server shares src/core (schemas, the api contract in src/core/api) with the app and nothing else: ' +
        'never src/pages, src/platform, src/stores, src/components.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'ui-network-through-client',
      comment:
        'Pages and components reach the network through the stores (the typed API client, sync), not platform/http ' +
        'directly. Calls to Taro.request are refused by ESLint (eslint.config.mjs).',
      severity: 'error',
      from: { path: '^src/(pages|pkg-official|components)/' },
      to: { path: '^src/platform/http' },
    },
    {
      name: 'migrations-self-contained',
      comment:
        'A migration is frozen when it ships: it may use kysely and nothing of the server that keeps changing ' +
        '(services, queries, routes, the current schema types). Example: inline the SQL a migration needs.',
      severity: 'error',
      from: { path: '^server/src/db/migrations/' },
      to: { pathNot: ['^node_modules/kysely/', '^server/src/db/migrations/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing breaks the build that reaches it.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Build output and results; node_modules is reached (doNotFollow) so rules can name packages.
    exclude: { path: '^(dist|dist-[^/]+|server/dist|test/artifacts|bench/out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
