// The HTTP API on a real database: login, scope, push/pull, idempotency, conflicts, corrections, coverage.
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { visitRecord } from '../helpers/records'
import { deleteHousehold } from '../../server/src/services/households'

let server: TestServer
let worker: string
let otherWorker: string
let villageHead: string
let town: string

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  otherWorker = await loginAs(server.url, 'demo-t1-v01-g2')
  villageHead = await loginAs(server.url, 'demo-t1-v01')
  town = await loginAs(server.url, 'demo-t1')
})
afterAll(() => server.close())

async function householdsOf(token: string) {
  const res = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=2000', { token })
  expect(res.status).toBe(200)
  return res.body.households as { id: string; gridId: string; stats: { covered: boolean; visitCount: number } }[]
}

const push = (token: string, records: unknown[]) => api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })

describe('login and identity', () => {
  it('signs in with a login code and answers /me with role and area', async () => {
    const me = await api(server.url, 'GET', '/api/v1/me', { token: worker })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ role: 'worker', areaId: 't1-v01-g1', areaLevel: 'grid' })
  })

  it('refuses a wrong code with a stable code and a Chinese message', async () => {
    const res = await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: 'nope-nope' } })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('LOGIN_CODE_INVALID')
    expect(res.body.error.message).toMatch(/登录码/)
  })

  it('refuses a request without a token', async () => {
    const res = await api(server.url, 'GET', '/api/v1/sync/pull')
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('explains a malformed body in Chinese with VALIDATION_FAILED', async () => {
    const res = await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: 12 } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(res.body.error.message).toMatch(/格式不正确/)
  })
})

describe('scope', () => {
  it('gives a worker only their own grid', async () => {
    const hh = await householdsOf(worker)
    expect(hh.length).toBeGreaterThan(0)
    expect(new Set(hh.map((h) => h.gridId))).toEqual(new Set(['t1-v01-g1']))
  })

  it('answers an out-of-scope area with 403 and the same answer as an unknown one', async () => {
    const other = await api(server.url, 'GET', '/api/v1/coverage?areaId=t1-v02', { token: villageHead })
    const unknown = await api(server.url, 'GET', '/api/v1/coverage?areaId=zz-nope', { token: villageHead })
    expect(other.status).toBe(403)
    expect(unknown.status).toBe(403)
    expect(other.body).toEqual(unknown.body)
    expect((await api(server.url, 'GET', '/api/v1/coverage?areaId=t2', { token: town })).status).toBe(403)
    expect((await api(server.url, 'GET', '/api/v1/coverage/unvisited?areaId=t1-v01-g2', { token: worker })).status).toBe(403)
  })

  it('rejects a visit to a household of another grid and stores nothing', async () => {
    const [foreign] = await householdsOf(otherWorker)
    const rec = visitRecord(foreign.id)
    const res = await push(worker, [rec])
    expect(res.body.results[0]).toMatchObject({ id: rec.id, status: 'rejected', code: 'HOUSEHOLD_NOT_FOUND' })
    const row = await server.db.kysely.selectFrom('records').select('id').where('id', '=', rec.id).executeTakeFirst()
    expect(row).toBeUndefined()
  })

  it('masks phone numbers for everyone but the grid worker', async () => {
    const mine = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=2000', { token: worker })
    const head = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=2000', { token: villageHead })
    const phonesMine = mine.body.residents.map((r: { phone: string | null }) => r.phone).filter(Boolean)
    const phonesHead = head.body.residents.map((r: { phone: string | null }) => r.phone).filter(Boolean)
    expect(phonesMine.length).toBeGreaterThan(0)
    expect(phonesMine.every((p: string) => /^1\d{10}$/.test(p))).toBe(true)
    expect(phonesHead.every((p: string) => /^1\d{2}\*{4}\d{4}$/.test(p))).toBe(true)
  })
})

describe('push', () => {
  it('stores a record once: a resend is a duplicate, a changed body a conflict with both versions kept', async () => {
    const [h] = await householdsOf(worker)
    const rec = visitRecord(h.id)
    expect((await push(worker, [rec])).body.results[0].status).toBe('stored')
    expect((await push(worker, [rec])).body.results[0].status).toBe('duplicate')
    const changed = { ...rec, body: { ...rec.body, notes: '改过的备注' } }
    const res = await push(worker, [changed])
    expect(res.body.results[0]).toMatchObject({ status: 'conflict', code: 'RECORD_CONFLICT' })
    const stored = await server.db.kysely.selectFrom('records').select('body').where('id', '=', rec.id).execute()
    expect(stored).toHaveLength(1)
    expect(JSON.parse(stored[0].body).body.notes).toBe('')
    const kept = await server.db.kysely.selectFrom('record_conflicts').select('body').where('record_id', '=', rec.id).execute()
    expect(kept.map((k) => JSON.parse(k.body).body.notes)).toEqual(['改过的备注'])
  })

  it('answers each record of a mixed batch on its own', async () => {
    const hh = await householdsOf(worker)
    const good = visitRecord(hh[1].id)
    const bad = { ...visitRecord(hh[1].id), body: { outcome: 'dancing' } }
    const res = await push(worker, [good, bad])
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'rejected'])
    expect(res.body.results[1].code).toBe('RECORD_INVALID')
    expect(res.body.results[1].message).toContain('body.outcome')
  })

  it('keeps a visit to a household deleted while the visit sat offline, without counting it', async () => {
    const hh = await householdsOf(worker)
    const target = hh[hh.length - 1]
    await deleteHousehold(server.db, target.id, null, Date.now())
    const rec = visitRecord(target.id)
    const res = await push(worker, [rec])
    expect(res.body.results[0]).toMatchObject({ status: 'stored', warning: 'HOUSEHOLD_DELETED' })
    const after = await householdsOf(worker)
    expect(after.find((h) => h.id === target.id)).toMatchObject({ deleted: true })
  })

  it('lets a correction replace a visit: the original stays readable, only the correction counts', async () => {
    const hh = await householdsOf(worker)
    const h = hh[2]
    const original = visitRecord(h.id, 'met')
    await push(worker, [original])
    const correction = visitRecord(h.id, 'not_home', { replaces: original.id } as never)
    await push(worker, [correction])
    const after = (await householdsOf(worker)).find((x) => x.id === h.id)!
    expect(after.stats).toMatchObject({ visitCount: 1, covered: false, lastOutcome: 'not_home' })
    const orig = await server.db.kysely.selectFrom('records').select(['superseded_by']).where('id', '=', original.id).executeTakeFirstOrThrow()
    expect(orig.superseded_by).toBe(correction.id)
  })

  it('chains two corrections that arrived before their original, so only the later one counts', async () => {
    const hh = await householdsOf(worker)
    const h = hh[3]
    const original = visitRecord(h.id, 'met')
    const first = visitRecord(h.id, 'refused', { replaces: original.id } as never)
    const second = visitRecord(h.id, 'not_home', { replaces: original.id } as never)
    await push(worker, [first])
    await push(worker, [second])
    await push(worker, [original])
    const superseded = await server.db.kysely
      .selectFrom('records')
      .select(['id', 'superseded_by'])
      .where('id', 'in', [original.id, first.id, second.id])
      .execute()
    const by = Object.fromEntries(superseded.map((r) => [r.id, r.superseded_by]))
    expect(by).toEqual({ [original.id]: first.id, [first.id]: second.id, [second.id]: null })
    const after = (await householdsOf(worker)).find((x) => x.id === h.id)!
    expect(after.stats).toMatchObject({ visitCount: 1, covered: false, lastOutcome: 'not_home' })
  })

  it('refuses an oversized batch with 413 and a stable code, storing none of it', async () => {
    const [h] = await householdsOf(worker)
    const records = Array.from({ length: 501 }, () => visitRecord(h.id))
    const res = await push(worker, records)
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('BATCH_TOO_LARGE')
    const stored = await server.db.kysely.selectFrom('records').select('id').where('id', '=', records[0].id).execute()
    expect(stored).toHaveLength(0)
  })
})

describe('pull by cursor', () => {
  it('brings only what changed since the cursor, in pages', async () => {
    const first = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=5', { token: worker })
    expect(first.body.hasMore).toBe(true)
    let cursor = first.body.cursor
    const seen = new Set<string>([...first.body.households, ...first.body.residents].map((x: { id: string }) => x.id))
    for (let i = 0; i < 100; i++) {
      const page = await api(server.url, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=5`, { token: worker })
      for (const x of [...page.body.households, ...page.body.residents]) seen.add(x.id)
      cursor = page.body.cursor
      if (!page.body.hasMore) break
    }
    const all = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=2000', { token: worker })
    expect(seen.size).toBe(all.body.households.length + all.body.residents.length)
    const idle = await api(server.url, 'GET', `/api/v1/sync/pull?cursor=${cursor}`, { token: worker })
    expect(idle.body.households).toHaveLength(0)
    const [h] = all.body.households
    await push(worker, [visitRecord(h.id)])
    const next = await api(server.url, 'GET', `/api/v1/sync/pull?cursor=${cursor}`, { token: worker })
    expect(next.body.households.map((x: { id: string }) => x.id)).toEqual([h.id])
  })
})

describe('coverage', () => {
  it('matches a hand count of the synced records for the village and the town', async () => {
    const truth = await server.db.kysely
      .selectFrom('households')
      .select(['id', 'grid_id', 'village_id', 'covered', 'deleted_at'])
      .where('town_id', '=', 't1')
      .execute()
    const village = await api(server.url, 'GET', '/api/v1/coverage', { token: villageHead })
    expect(village.status).toBe(200)
    for (const row of village.body.rows) {
      const live = truth.filter((h) => h.grid_id === row.areaId && h.deleted_at === null)
      expect(row.households).toBe(live.length)
      expect(row.visited).toBe(live.filter((h) => h.covered === 1).length)
    }
    const townView = await api(server.url, 'GET', '/api/v1/coverage', { token: town })
    const v01 = townView.body.rows.find((r: { areaId: string }) => r.areaId === 't1-v01')
    expect(v01).toMatchObject({ households: village.body.area.households, visited: village.body.area.visited })
    const unvisited = await api(server.url, 'GET', '/api/v1/coverage/unvisited?limit=500', { token: villageHead })
    const expected = truth.filter((h) => h.village_id === 't1-v01' && h.deleted_at === null && h.covered === 0)
    expect(unvisited.body.total).toBe(expected.length)
    expect(unvisited.body.items.map((i: { id: string }) => i.id).sort()).toEqual(expected.map((h) => h.id).sort())
  })
})

describe('OpenAPI', () => {
  it('describes the API', async () => {
    const res = await api(server.url, 'GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toMatch(/^3\./)
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/sync/push', '/api/v1/sync/pull', '/api/v1/coverage']))
  })
})
