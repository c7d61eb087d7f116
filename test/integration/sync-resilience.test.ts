// Sync under a bad connection: resent batches, connections cut mid-batch, server restarts. Every record must
// end up stored exactly once and coverage must equal a hand count of what the worker logged.
import { Outbox } from '../../src/core/sync/outbox'
import { LocalCache } from '../../src/core/sync/local-cache'
import { SyncEngine } from '../../src/core/sync/engine'
import { isCoveringOutcome } from '../../src/core/coverage'
import type { FieldRecordInput } from '../../src/core/schemas/record'
import { VISIT_OUTCOMES, type VisitOutcome } from '../../src/core/schemas/visit'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { FetchHttp, MemoryStorage } from '../helpers/node-ports'
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy'
import { visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

let server: TestServer
let proxy: FlakyProxy
let token: string

beforeAll(async () => {
  server = await startTestServer()
  proxy = await startFlakyProxy(() => ({ host: '127.0.0.1', port: Number(new URL(server.url).port) }))
  token = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(async () => {
  await proxy.close()
  await server.close()
})

function engineFor(storage: MemoryStorage, batchSize: number) {
  const outbox = new Outbox(storage, 'worker')
  const cache = new LocalCache(storage, 'worker')
  const engine = new SyncEngine({ outbox, cache, http: new FetchHttp(proxy.url), token: () => token, now: Date.now, batchSize })
  return { outbox, cache, engine }
}

/** Deterministic pseudo-random outcomes so a failure can be replayed. */
function outcomeAt(i: number): VisitOutcome {
  return VISIT_OUTCOMES[(i * 7 + 3) % VISIT_OUTCOMES.length]
}

it('stores every record exactly once through resends, cut connections and restarts', async () => {
  const storage = new MemoryStorage()
  const { outbox, cache, engine } = engineFor(storage, 40)
  expect((await engine.sync('start')).lastError).toBeNull()
  const households = cache.listHouseholds()
  expect(households.length).toBeGreaterThan(5)

  // The worker logs 300 visits and corrects every tenth one, all offline.
  const logged: FieldRecordInput[] = []
  for (let i = 0; i < 300; i++) {
    const rec = visitRecord(households[i % households.length].id, outcomeAt(i))
    logged.push(rec)
    await outbox.add(rec, Date.now())
    if (i % 10 === 9) {
      const fix = visitRecord(rec.householdId, 'met', { replaces: rec.id } as never)
      logged.push(fix)
      await outbox.add(fix, Date.now())
    }
  }
  expect((await engine.refresh()).pending).toBe(logged.length)

  // 1. The connection dies half way through sending a batch: nothing is acknowledged, all stay pending.
  // (A batch of 40 goes gzipped in ~2 KB: 800 bytes is the headers and part of the body.)
  proxy.mode = { kind: 'cut-request', afterBytes: 800 }
  let state = await engine.sync('manual')
  expect(state.lastError?.code).toBe('OFFLINE')
  expect(state.lastError?.message).toMatch(/记录已保存在本机/)
  expect(state.pending).toBe(logged.length)

  // 2. The server stores a batch but the answer is lost: the next sync resends it and gets "duplicate".
  proxy.mode = { kind: 'cut-response' }
  state = await engine.sync('retry')
  expect(state.pending).toBe(logged.length)
  const storedAfterLostAnswer = await countStored(logged)
  expect(storedAfterLostAnswer).toBeGreaterThan(0)

  // 3. The server restarts between pushes.
  await server.restart()
  proxy.mode = { kind: 'pass' }
  state = await engine.sync('retry')
  expect(state.lastError).toBeNull()
  expect(state.pending).toBe(0)
  expect(state.needsAttention).toBe(0)

  // 4. The same batches pushed again, several times, straight at the server: all duplicates.
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < logged.length; i += 100) {
      const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records: logged.slice(i, i + 100) } })
      expect(res.body.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true)
    }
    if (round === 1) await server.restart()
  }

  // Exactly once each.
  const rows = await server.db.kysely.selectFrom('records').select('id').where('author_id', '=', 'u-t1-v01-g1').execute()
  const ids = rows.map((r) => r.id)
  expect(new Set(ids).size).toBe(ids.length)
  expect(new Set(ids)).toEqual(new Set(logged.map((r) => r.id)))

  // Coverage equals the hand count.
  const truth = handCount(logged, households.map((h) => h.id))
  const coverage = await api(server.url, 'GET', '/api/v1/coverage', { token: await loginAs(server.url, 'demo-t1-v01') })
  const grid = coverage.body.rows.find((r: { areaId: string }) => r.areaId === 't1-v01-g1')
  expect(grid).toMatchObject({ households: households.length, visited: truth.covered, visitsThisWeek: truth.effectiveVisits })

  // And the worker's own list, after the final pull, says the same.
  await engine.sync('manual')
  expect(cache.listHouseholds().filter((h) => h.stats.covered).length).toBe(truth.covered)
})

it('halves the batch after a 413 and still delivers everything', async () => {
  const storage = new MemoryStorage()
  const { outbox, cache, engine } = engineFor(storage, 2000) // above the server's limit of 500
  // The first call may meet a kept-alive socket to the server the previous test restarted; the retry is what the app does.
  if ((await engine.sync('start')).lastError) await engine.sync('retry')
  const [h] = cache.listHouseholds()
  const records = []
  for (let i = 0; i < 700; i++) records.push((await outbox.add(visitRecord(h.id, 'not_home'), Date.now())).record)
  const state = await engine.sync('manual')
  expect(state.lastError).toBeNull()
  expect(state.pending).toBe(0)
  expect(await countStored(records)).toBe(700)
})

async function countStored(records: { id: string }[]): Promise<number> {
  const rows = await server.db.kysely.selectFrom('records').select('id').where('id', 'in', records.map((r) => r.id)).execute()
  return rows.length
}

function handCount(logged: FieldRecordInput[], householdIds: string[]) {
  const replaced = new Set(logged.flatMap((r) => (r.replaces ? [r.replaces] : [])))
  const effective = logged.filter((r) => !replaced.has(r.id))
  const covered = householdIds.filter((id) =>
    effective.some((r) => r.householdId === id && r.kind === 'visit' && isCoveringOutcome(r.body.outcome as VisitOutcome)),
  )
  return { covered: covered.length, effectiveVisits: effective.length }
}
