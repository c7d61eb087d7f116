// Runs every benchmark one after another, each in its own Node process so neither inherits the other's heap
// or JIT state, and exits non-zero if any of them fails.
//
//   npx tsx bench/run-all.ts [--quick] [--postgres]
//
// --quick runs small sizes (a smoke test in well under a minute); --postgres adds the PostgreSQL coverage run.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const args = process.argv.slice(2)
const unknown = args.filter((a) => a !== '--quick' && a !== '--postgres')
if (unknown.length) {
  console.error(`unknown argument ${unknown[0]}\nusage: npx tsx bench/run-all.ts [--quick] [--postgres]`)
  process.exit(2)
}
const quick = args.includes('--quick')

const runs: [string, string[]][] = [
  ['sync-ingest.ts', quick ? ['--records', '10000'] : []],
  [
    'coverage-query.ts',
    [...(quick ? ['--households', '5000', '--visits', '50000', '--requests', '50'] : []), ...(args.includes('--postgres') ? ['--postgres'] : [])],
  ],
]

const failed: string[] = []
for (const [file, flags] of runs) {
  console.log(`\n### ${file} ${flags.join(' ')}`)
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), ...flags], { stdio: 'inherit' })
  if (res.status !== 0) failed.push(file)
}
console.log(failed.length ? `\nFAILED: ${failed.join(', ')}` : '\nAll benchmarks finished.')
process.exit(failed.length ? 1 : 0)
