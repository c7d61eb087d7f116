// The sync engine's own rules against the real server: one sync at a time, backoff after failure,
// no retry loop on an expired login, rejected records kept for the worker to see.
import { Outbox } from '../../src/core/sync/outbox'
import { LocalCache } from '../../src/core/sync/local-cache'
import { SyncEngine, type SyncEngineDeps } from '../../src/core/sync/engine'
import { BACKOFF_BASE_MS } from '../../src/core/sync/backoff'
import { loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { FetchHttp, MemoryStorage } from '../helpers/node-ports'
import { visitRecord } from '../helpers/records'

let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer()
  token = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(() => server.close())

function setup(overrides: Partial<SyncEngineDeps> = {}) {
  const storage = new MemoryStorage()
  const outbox = new Outbox(storage, 'w')
  const cache = new LocalCache(storage, 'w')
  const timers: { ms: number; fn: () => void }[] = []
  const engine = new SyncEngine({
    outbox,
    cache,
    http: new FetchHttp(server.url),
    token: () => token,
    now: Date.now,
    random: () => 0,
    setTimer: (fn, ms) => {
      timers.push({ fn, ms })
      return () => undefined
    },
    ...overrides,
  })
  return { storage, outbox, cache, engine, timers }
}

it('joins a sync already running instead of starting a second', async () => {
  const { engine, cache } = setup()
  const [a, b] = [engine.sync('start'), engine.sync('foreground')]
  expect(a).toBe(b)
  await a
  expect(cache.listHouseholds().length).toBeGreaterThan(0)
  expect(engine.getState().lastSuccessAt).not.toBeNull()
})

it('schedules a retry with backoff when the server is unreachable, and says why in Chinese', async () => {
  const { engine, timers, outbox } = setup({ http: new FetchHttp('http://127.0.0.1:9') })
  await outbox.add(visitRecord('t1-v01-g1-h001'), Date.now())
  const state = await engine.sync('manual')
  expect(state.lastError).toMatchObject({ code: 'OFFLINE' })
  expect(state.lastError!.message).toBe('网络不可用，记录已保存在本机，恢复网络后自动同步')
  expect(state.pending).toBe(1)
  expect(timers.map((t) => t.ms)).toEqual([BACKOFF_BASE_MS / 2])
  await engine.sync('retry')
  expect(timers.map((t) => t.ms)).toEqual([BACKOFF_BASE_MS / 2, BACKOFF_BASE_MS])
})

it('stops without a retry loop when the login has expired, keeping the records', async () => {
  const { engine, timers, outbox } = setup({ token: () => 'expired-token' })
  await outbox.add(visitRecord('t1-v01-g1-h001'), Date.now())
  const state = await engine.sync('manual')
  expect(state.lastError).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' })
  expect(timers).toHaveLength(0)
  expect(state.pending).toBe(1)
})

it('keeps a rejected record on the phone with the server’s reason', async () => {
  const { engine, outbox } = setup()
  await outbox.add(visitRecord('t2-v01-g1-h001'), Date.now()) // another town's household
  const state = await engine.sync('manual')
  expect(state.pending).toBe(0)
  expect(state.needsAttention).toBe(1)
  const [item] = await outbox.list()
  expect(item).toMatchObject({ state: 'rejected', code: 'HOUSEHOLD_NOT_FOUND' })
  expect(item.message).toMatch(/找不到该户/)
})

it('drops acknowledged records only once a pull has reflected them', async () => {
  const { engine, outbox, cache } = setup()
  await engine.sync('start')
  const h = cache.listHouseholds()[3]
  await outbox.add(visitRecord(h.id, 'met'), Date.now())
  await engine.sync('record')
  expect(await outbox.list()).toHaveLength(0)
  expect(cache.getHousehold(h.id)!.stats.covered).toBe(true)
})

it('keeps a conflicting record on the phone until an official decides it, then lets it go', async () => {
  const { engine, outbox } = setup()
  const first = visitRecord('t1-v01-g1-h002', 'met')
  await outbox.add(first, Date.now())
  await engine.sync('manual')
  // The same record changed by hand on another phone, say: same id, other content.
  const phone2 = setup()
  await phone2.outbox.add({ ...first, body: { ...(first.body as object), outcome: 'not_home', peopleMet: 0 } } as typeof first, Date.now())
  await phone2.engine.sync('manual')
  expect((await phone2.outbox.list()).map((i) => i.state)).toEqual(['conflict'])
  await phone2.engine.sync('manual')
  expect(phone2.engine.getState().needsAttention).toBe(1)

  const head = await loginAs(server.url, 'demo-t1-v01')
  const queue = await fetch(`${server.url}/api/v1/review/queue`, { headers: { authorization: `Bearer ${head}` } }).then((r) => r.json())
  const conflict = (queue as { conflicts: { conflictId: string; recordId: string }[] }).conflicts.find((c) => c.recordId === first.id)!
  const decided = await fetch(`${server.url}/api/v1/review/conflicts/${conflict.conflictId}/decision`, {
    method: 'POST',
    headers: { authorization: `Bearer ${head}`, 'content-type': 'application/json' },
    body: JSON.stringify({ decision: 'first' }),
  })
  expect(decided.status).toBe(200)

  const state = await phone2.engine.sync('manual')
  expect(state.lastError).toBeNull()
  expect(state.needsAttention).toBe(0)
  expect(await phone2.outbox.list()).toEqual([])
})
