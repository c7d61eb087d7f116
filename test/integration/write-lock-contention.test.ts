// Lock contention waits, never answers 500 (#12 item 5): another connection (on SQLite the ranking worker's thread
// or a second server process, here a child process) holds the database's write lock and commits a write while a
// push is under way; the push waits for it and is stored. Both databases; both connections real.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import pg from 'pg'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { visitRecord } from '../helpers/records'

let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer()
  token = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(() => server.close())

jest.setTimeout(60_000)

const HOLD_MS = 1_500

/**
 * Takes the write lock on a connection of its own, writes (as the ranking's commit does), and commits after
 * HOLD_MS. SQLite runs in a child process: better-sqlite3 waits for a lock synchronously, so a holder on the test's
 * own thread could never let go while the server (on that thread too) waits.
 */
async function holdWriteLock(): Promise<{ released: Promise<number> }> {
  if (TEST_DIALECT === 'sqlite') {
    const script = `
      const db = require('better-sqlite3')(process.argv[1]);
      db.pragma('busy_timeout = 5000');
      db.exec('begin immediate');
      db.prepare("update counters set value = value + 1 where name = 'rev'").run();
      process.stdout.write('locked\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${HOLD_MS});
      db.exec('commit');
      process.stdout.write('released ' + Date.now() + '\\n');`
    const child: ChildProcess = spawn(process.execPath, ['-e', script, server.dbHandle.env.SQLITE_FILE], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    while (!out.includes('locked')) await once(child.stdout!, 'data')
    const released = once(child, 'exit').then(() => Number(/released (\d+)/.exec(out)?.[1]))
    return { released }
  }
  const client = new pg.Client({ connectionString: server.dbHandle.env.DATABASE_URL })
  await client.connect()
  await client.query('begin')
  await client.query("update counters set value = value + 1 where name = 'rev'")
  const released = new Promise<void>((resolve) => setTimeout(resolve, HOLD_MS)).then(async () => {
    await client.query('commit')
    await client.end()
    return Date.now()
  })
  return { released }
}

describe(`write lock held by another connection (${TEST_DIALECT})`, () => {
  it('a push waits for the other connection to commit and is stored', async () => {
    const record = visitRecord('t1-v01-g1-h001')
    const { released } = await holdWriteLock()
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records: [record] } })
    const releasedAt = await released
    expect(res.status).toBe(200)
    expect(res.body.results).toEqual([expect.objectContaining({ id: record.id, status: 'stored' })])
    expect(releasedAt).toBeGreaterThan(0)
    const stored = await server.db.kysely.selectFrom('records').select('id').where('id', '=', record.id).execute()
    expect(stored).toHaveLength(1)
  })

  it('pushes that keep arriving while the lock is taken and given back again and again all succeed', async () => {
    const statuses: number[] = []
    for (let round = 0; round < 3; round++) {
      const { released } = await holdWriteLock()
      const pushes = ['t1-v01-g1-h002', 't1-v01-g1-h003', 't1-v01-g1-h004'].map((h) =>
        api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records: [visitRecord(h)] } }).then((r) => {
          statuses.push(r.status)
          return r
        }),
      )
      const results = await Promise.all(pushes)
      await released
      for (const r of results) expect(r.body.results[0].status).toBe('stored')
    }
    expect(statuses).toEqual(Array(9).fill(200))
  })
})
