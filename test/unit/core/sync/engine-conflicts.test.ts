// After a push the engine asks the server about the outbox's conflicting records; decided ones become synced (so the
// purge after the pull removes them) with a Chinese note, undecided ones stay, and a server that cannot say keeps all.
import { gunzipSync } from 'node:zlib'
import { CONFLICT_NOTE, SyncEngine } from '../../../../src/core/sync/engine'
import { LocalCache } from '../../../../src/core/sync/local-cache'
import { Outbox } from '../../../../src/core/sync/outbox'
import type { HttpClient, HttpRequest, HttpResponse } from '../../../../src/core/sync/ports'
import { MemoryStorage } from '../../../helpers/node-ports'
import { visitRecord } from '../../../helpers/records'

const EMPTY_PULL = { cursor: '0', hasMore: false, households: [], residents: [], campaign: null, templates: [], materials: [], serverTime: new Date(0).toISOString() }

/** A server stand-in: answers the push with the given statuses, and the conflict status with `decided`. */
class FakeServer implements HttpClient {
  readonly asked: string[][] = []
  constructor(
    private readonly statuses: Record<string, 'stored' | 'conflict'>,
    private readonly decided: () => HttpResponse,
  ) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    if (req.path.startsWith('/api/v1/sync/push')) {
      // Pushes go gzipped (core/sync/wire.ts), as the server receives them.
      const body = req.rawBody ? JSON.parse(gunzipSync(req.rawBody).toString('utf8')) : req.body
      const records = (body as { records: { id: string }[] }).records
      return { status: 200, body: { results: records.map((r) => ({ id: r.id, status: this.statuses[r.id] })), serverTime: new Date(0).toISOString() } }
    }
    if (req.path === '/api/v1/sync/conflict-status') {
      this.asked.push((req.body as { ids: string[] }).ids)
      return this.decided()
    }
    return { status: 200, body: EMPTY_PULL }
  }
}

async function setUp(decided: () => HttpResponse) {
  const storage = new MemoryStorage()
  const outbox = new Outbox(storage, 'w')
  const [a, b, c] = [visitRecord('h1'), visitRecord('h2'), visitRecord('h3')]
  for (const r of [a, b, c]) await outbox.add(r, 1)
  const http = new FakeServer({ [a.id]: 'conflict', [b.id]: 'conflict', [c.id]: 'stored' }, decided)
  let clock = 1000
  const engine = new SyncEngine({ outbox, cache: new LocalCache(storage, 'w'), http, token: () => 't', now: () => clock++ })
  return { outbox, engine, http, ids: { a: a.id, b: b.id, c: c.id } }
}

it('lets decided conflicts leave with a note and keeps the undecided one', async () => {
  let decidedIds: { id: string; decision: 'first' | 'second' }[] = []
  const { outbox, engine, http, ids } = await setUp(() => ({ status: 200, body: { decided: decidedIds.map((d) => ({ ...d, decidedAt: new Date(0).toISOString() })) } }))
  await engine.sync('manual')
  // Nothing decided yet: both conflicts stay and need the worker's attention.
  expect(http.asked).toEqual([[ids.a, ids.b]])
  expect((await outbox.list()).map((i) => [i.record.id, i.state])).toEqual([
    [ids.a, 'conflict'],
    [ids.b, 'conflict'],
  ])
  expect(engine.getState().needsAttention).toBe(2)

  decidedIds = [{ id: ids.a, decision: 'second' }]
  const spy = jest.spyOn(outbox, 'update')
  await engine.sync('manual')
  expect(spy).toHaveBeenCalledWith(expect.objectContaining({ record: expect.objectContaining({ id: ids.a }) }), expect.objectContaining({ state: 'synced', message: CONFLICT_NOTE.second }))
  expect((await outbox.list()).map((i) => [i.record.id, i.state])).toEqual([[ids.b, 'conflict']])
  expect(engine.getState().needsAttention).toBe(1)
})

it('asks nothing when no conflict waits', async () => {
  const { engine, http, outbox, ids } = await setUp(() => ({ status: 200, body: { decided: [] } }))
  for (const item of await outbox.list()) if (item.record.id !== ids.c) await outbox.update(item, { state: 'synced', syncedAt: 0 })
  await engine.sync('manual')
  expect(http.asked).toEqual([])
})

it('keeps every conflict when the server cannot say, and the sync still succeeds', async () => {
  const { outbox, engine, ids } = await setUp(() => ({ status: 404, body: { error: { code: 'NOT_FOUND' } } }))
  const state = await engine.sync('manual')
  expect(state.lastError).toBeNull()
  expect((await outbox.list()).map((i) => i.record.id)).toEqual([ids.a, ids.b])
})
