// The fault harness at test size (issue 12): 20 simulated workers log records through a network that cuts, fails,
// duplicates and reorders requests while server processes are SIGKILLed and the app is killed between saving and
// sending. Nothing may be lost or stored twice, every file must arrive whole, and every dashboard figure must equal
// a recount. PostgreSQL runs two server processes on the one database; SQLite one. Full size: bench/fault-harness.ts.
import { runFaultHarness } from '../helpers/fault-harness'
import { TEST_DIALECT } from '../helpers/test-db'

jest.setTimeout(300_000)

it(`loses and duplicates nothing through faults, kills and app restarts (${TEST_DIALECT})`, async () => {
  const result = await runFaultHarness({
    seed: 20261130,
    workers: 20,
    recordsPerWorker: 40,
    processes: TEST_DIALECT === 'postgres' ? 2 : 1,
    kills: 3,
    appRestarts: 2,
  })
  expect(result.problems).toEqual([])
  expect(result.records).toBe(800)
  expect(result.kills).toBe(3)
  expect(result.files).toBeGreaterThan(50)
  // The run met every kind of fault, so the checks above mean something.
  for (const [fault, count] of Object.entries(result.faults)) expect({ fault, met: count > 0 }).toEqual({ fault, met: true })
})
