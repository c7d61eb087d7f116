// The fault harness at full size (issue 12): 20 simulated workers log ≥ 10,000 records (visits, pledges with their
// signature, installs with a screenshot, hand-outs, corrections) through a network that cuts requests and answers,
// answers 502, duplicates and reorders requests, while server processes are SIGKILLed and the app is killed
// between saving and sending; then 0 lost, 0 duplicated, every file whole, every dashboard figure equal to a recount.
//
//   npx tsx bench/fault-harness.ts [--workers 20] [--records 500] [--processes 2] [--kills 12] [--postgres]
//
// Without --postgres it runs on SQLite with one process (several processes need PostgreSQL). test/integration/
// fault-harness.test.ts runs the same harness at 800 records in the test command.
import { fail, parseFlags, runMain } from './lib'

const USAGE = 'usage: npx tsx bench/fault-harness.ts [--workers 20] [--records 500] [--processes 2] [--kills 12] [--restarts 3] [--postgres]'

async function main() {
  const flags = parseFlags(process.argv.slice(2), { workers: 20, records: 500, processes: 2, kills: 12, restarts: 3, postgres: false }, USAGE)
  if (flags.postgres) process.env.TEST_DB = 'postgres' // read when the test database helper loads
  const { runFaultHarness } = await import('../test/helpers/fault-harness')
  const processes = flags.postgres ? flags.processes : 1
  const result = await runFaultHarness({ seed: 20261130, workers: flags.workers, recordsPerWorker: flags.records, processes, kills: flags.kills, appRestarts: flags.restarts })
  console.log('RESULT fault-harness')
  console.log(`  ${flags.postgres ? 'PostgreSQL' : 'SQLite'}, ${processes} server process(es), ${flags.workers} workers, ${result.seconds.toFixed(0)} s`)
  console.log(`  records ${result.records} (${Object.entries(result.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}), files ${result.files}`)
  console.log(`  faults: ${Object.entries(result.faults).map(([k, n]) => `${k} ${n}`).join(', ')}; processes killed ${result.kills}; app restarts ${result.appRestarts}`)
  console.log(`  problems: ${result.problems.length ? '' : 'none (0 lost, 0 duplicated, files whole, dashboards = recount)'}`)
  for (const p of result.problems.slice(0, 20)) console.log(`    ${p}`)
  if (result.problems.length) fail(`${result.problems.length} problems`)
}

runMain(main)
