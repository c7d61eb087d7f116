// Compiles the server to server/dist: server/src and the @core code it imports bundled into plain CommonJS, every
// package left external (better-sqlite3 and pg load native or optional code, and the rest install with the server).
// Entries: main.js, ranking-worker.js which the ranking job starts as its worker thread (jobs/ranking-worker.ts), and
// retention-purge.js, the retention purge run from the command line (jobs/retention-purge.ts), and backup.js, backup and
// restore of the database and media (jobs/backup.ts, docs/deploy.md).
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const outdir = path.join(here, 'dist')
rmSync(outdir, { recursive: true, force: true })

await build({
  absWorkingDir: here,
  entryPoints: { main: 'src/main.ts', 'ranking-worker': 'src/jobs/ranking-worker.ts', 'retention-purge': 'src/jobs/retention-purge.ts', backup: 'src/jobs/backup.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // `@core/*` is a tsconfig path into ../src/core, so it is bundled; bare package names stay require() calls.
  tsconfig: 'tsconfig.json',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
console.log('server compiled to server/dist (main.js, ranking-worker.js, retention-purge.js, backup.js)')
