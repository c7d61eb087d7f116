// Issue 14: a day's queued visits must cross one bar of signal cheaply. 500 visits as the app makes them (GPS fix,
// residents ticked, now and then a note in Chinese) are pushed by the real sync engine to the real server through a
// TCP proxy that counts every byte both ways (request and answer, headers included): ≤ 250 bytes a visit, and at
// 400 kbps with a 400 ms round trip the push fits in 5 s. The bodies go gzipped (src/core/sync/wire.ts); the same
// records as plain JSON would not fit, so the budget checks the compression, not the records' size.
import net from 'node:net'
import { randomBytes } from 'node:crypto'
import { Outbox } from '../../src/core/sync/outbox'
import { checkedRecord } from '../../src/core/sync/record-check'
import { LocalCache } from '../../src/core/sync/local-cache'
import { SyncEngine } from '../../src/core/sync/engine'
import type { HttpClient } from '../../src/core/sync/ports'
import { encodeJsonBody } from '../../src/core/sync/wire'
import type { FieldRecordInput } from '../../src/core/schemas/record'
import type { VisitOutcome } from '../../src/core/schemas/visit'
import { loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { FetchHttp, MemoryStorage } from '../helpers/node-ports'
import { newId } from '../helpers/records'

jest.setTimeout(120_000)

const VISITS = 500
const BYTES_PER_VISIT = 250
const LINK = { bitsPerSecond: 400_000, rttMs: 400 }

let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer()
  token = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(() => server.close())

interface CountingProxy {
  url: string
  up: number
  down: number
  connections: number
  close(): Promise<void>
}

/** Forwards to the server and counts the bytes each way, as they would cross the phone's link. */
async function countingProxy(targetPort: number): Promise<CountingProxy> {
  const sockets = new Set<net.Socket>()
  const proxy: CountingProxy = { url: '', up: 0, down: 0, connections: 0, close: async () => {} }
  const srv = net.createServer((client) => {
    proxy.connections++
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort })
    sockets.add(client).add(upstream)
    client.on('data', (b: Buffer) => {
      proxy.up += b.length
      upstream.write(b)
    })
    upstream.on('data', (b: Buffer) => {
      proxy.down += b.length
      client.write(b)
    })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}`
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      srv.close(() => resolve())
    })
  return proxy
}

const NOTES = ['', '', '', '', '老人独居，已讲解冒充公检法诈骗', '家中有学生，提醒刷单返利骗局', '已张贴反诈宣传单', '下次周末再来']
const OUTCOMES: VisitOutcome[] = ['met', 'met', 'met', 'met', 'met', 'not_home', 'not_home', 'refused']

/** A worker's day in the grid: visits minutes apart, a GPS fix at each door, the residents met ticked. */
async function queuedVisits(): Promise<FieldRecordInput[]> {
  const households = await server.db.kysely.selectFrom('households').select(['id']).where('grid_id', '=', 't1-v01-g1').orderBy('id').execute()
  const residents = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id'])
    .where('household_id', 'in', households.map((h) => h.id))
    .execute()
  expect(households.length).toBeGreaterThan(4)
  const deviceId = 'dev-' + randomBytes(12).toString('hex')
  let at = Date.now() - VISITS * 4 * 60_000
  return Array.from({ length: VISITS }, (_, i) => {
    const household = households[i % households.length]
    const outcome = OUTCOMES[i % OUTCOMES.length]
    const theirs = residents.filter((r) => r.household_id === household.id).slice(0, outcome === 'met' ? 1 + (i % 2) : 0)
    at += (3 + (i % 9)) * 60_000
    const createdAt = new Date(at).toISOString()
    const rand = (n: number) => Math.round(Math.random() * n * 1e6) / 1e6
    return {
      id: newId(at),
      kind: 'visit',
      householdId: household.id,
      replaces: null,
      deviceId,
      createdAt,
      body: {
        outcome,
        peopleMet: theirs.length,
        residentIds: theirs.map((r) => r.id),
        notes: NOTES[i % NOTES.length],
        visitedAt: createdAt,
        location: { lat: 31.2 + rand(0.01), lng: 117.3 + rand(0.01), accuracy: Math.round(5 + Math.random() * 35) },
      },
    } as FieldRecordInput
  })
}

it('pushes 500 queued visits in at most 250 bytes each on the wire, within 5 s at 400 kbps / 400 ms', async () => {
  const visits = await queuedVisits()
  const plainPerVisit = JSON.stringify({ records: visits }).length / VISITS
  const proxy = await countingProxy(Number(new URL(server.url).port))
  try {
    const storage = new MemoryStorage()
    const outbox = new Outbox(storage, 'w')
    for (const v of visits) await outbox.add(checkedRecord(v), Date.now())
    const viaProxy = new FetchHttp(proxy.url)
    const direct = new FetchHttp(server.url)
    const pushes: number[] = []
    // Only the pushes cross the counted link; the pull that follows is the grid's data, not the visits'.
    const http: HttpClient = {
      request: (req) => {
        if (!req.path.endsWith('/sync/push')) return direct.request(req)
        pushes.push(req.rawBody?.byteLength ?? -1)
        return viaProxy.request(req)
      },
    }
    const engine = new SyncEngine({ outbox, cache: new LocalCache(storage, 'w'), http, token: () => token, now: Date.now })
    const state = await engine.sync('manual')
    expect(state.lastError).toBeNull()
    expect(state.pending).toBe(0)

    const stored = await server.db.kysely.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', 'u-t1-v01-g1').executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(VISITS)

    const wire = proxy.up + proxy.down
    const perVisit = wire / VISITS
    // Link model: every byte at 400 kbps, one round trip to connect and one per push (each waits for its answer).
    const seconds = (wire * 8) / LINK.bitsPerSecond + ((proxy.connections + pushes.length) * LINK.rttMs) / 1000
    console.log(
      `500 visits: ${pushes.length} pushes (gzipped bodies ${pushes.join(', ')} bytes), ${proxy.up} bytes up + ${proxy.down} down = ` +
        `${perVisit.toFixed(1)} bytes/visit (plain JSON ${plainPerVisit.toFixed(0)}); ${seconds.toFixed(2)} s modelled at 400 kbps / 400 ms`,
    )
    expect(pushes.every((n) => n > 0)).toBe(true)
    expect(plainPerVisit).toBeGreaterThan(BYTES_PER_VISIT) // as plain JSON the same records would not fit
    expect(perVisit).toBeLessThanOrEqual(BYTES_PER_VISIT)
    expect(seconds).toBeLessThanOrEqual(5)
  } finally {
    await proxy.close()
  }
})

it('sends small bodies as they are and large ones gzipped', async () => {
  const small = await encodeJsonBody({ ids: ['a'] })
  expect(small.headers['Content-Encoding']).toBeUndefined()
  const large = await encodeJsonBody({ records: Array.from({ length: 20 }, (_, i) => ({ id: `r-${i}`, kind: 'visit', notes: '' })) })
  expect(large.headers['Content-Encoding']).toBe('gzip')
  expect(large.bytes[0]).toBe(0x1f) // gzip magic
  expect(large.bytes[1]).toBe(0x8b)
})
