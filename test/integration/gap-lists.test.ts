// The gap lists (缺口清单): households whose last visit is more than N days old (boundary to the millisecond), and
// residents aged 16–60 missing an install step, with masked names, paging and scope; for a grid, village and town.
import { maskName } from '../../src/core/mask'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)
const DAY = 86_400_000
const NOW = china(2026, 11, 25, 12)
const G1 = 't1-v01-g1'
const SHA = (n: number) => n.toString(16).padStart(64, '0')

describe(`gap lists (${TEST_DIALECT})`, () => {
  let server: TestServer
  let worker: string
  let head: string
  let hh: string[]

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 10, 1) }, now: () => NOW })
    worker = await loginAs(server.url, `demo-${G1}`)
    head = await loginAs(server.url, 'demo-t1-v01')
    hh = (await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', G1).orderBy('id').execute()).map((h) => h.id)
  })
  afterAll(async () => server?.close())

  const push = async (records: unknown[]) => {
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(records.map(() => 'stored'))
  }
  const visitAt = (householdId: string, ms: number, outcome: 'met' | 'not_home' = 'met') => {
    const at = new Date(ms).toISOString()
    return visitRecord(householdId, outcome, { createdAt: at, body: { outcome, peopleMet: 1, residentIds: [], notes: '', visitedAt: at, location: null } } as never)
  }
  const get = (path: string, token = head) => api(server.url, 'GET', path, { token })
  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id)

  it('lists households last visited more than N days ago, oldest first, to the millisecond', async () => {
    await push([
      visitAt(hh[0], NOW - 30 * DAY), // exactly 30 days: not yet stale
      visitAt(hh[1], NOW - 30 * DAY - 1),
      visitAt(hh[2], NOW - 45 * DAY, 'not_home'),
      visitAt(hh[3], NOW - DAY),
    ])
    const res = await get(`/api/v1/areas/${G1}/households?filter=stale`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ filter: 'stale', days: 30, total: 2 })
    expect(ids(res.body)).toEqual([hh[2], hh[1]])
    expect(res.body.counts.stale).toBe(2)
    expect(res.body.counts.unvisited).toBe(hh.length - 3) // never-visited households are not "stale"

    expect(ids((await get(`/api/v1/areas/${G1}/households?filter=stale&days=44`)).body)).toEqual([hh[2]])
    expect(ids((await get(`/api/v1/areas/${G1}/households?filter=stale&days=1`)).body)).toEqual([hh[2], hh[1], hh[0]])
    // The same for the village and the town.
    expect(ids((await get('/api/v1/areas/t1-v01/households?filter=stale')).body)).toEqual([hh[2], hh[1]])
    const town = await loginAs(server.url, 'demo-t1')
    expect((await get('/api/v1/areas/t1/households?filter=stale', town)).body.total).toBe(2)
  })

  it('rejects a days value out of range with VALIDATION_FAILED', async () => {
    for (const days of ['0', '366', 'x']) {
      const res = await get(`/api/v1/areas/${G1}/households?filter=stale&days=${days}`)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
    }
  })

  it('lists 16–60 residents missing an install step with masked names and the steps they miss', async () => {
    const db = server.db.kysely
    const target = await db
      .selectFrom('residents')
      .select(['id', 'name', 'household_id', 'birth_year'])
      .where('grid_id', '=', G1)
      .where('deleted_at', 'is', null)
      .where('birth_year', '>=', 2026 - 60)
      .where('birth_year', '<=', 2026 - 16)
      .orderBy('household_id')
      .orderBy('id')
      .execute()
    expect(target.length).toBeGreaterThan(3)
    const [full, partial] = target
    const install = (r: { id: string; household_id: string }, steps: string[]) => ({
      id: newId(),
      householdId: r.household_id,
      replaces: null,
      deviceId: 'dev',
      createdAt: new Date(NOW).toISOString(),
      kind: 'install',
      body: { residentId: r.id, steps: steps.map((step) => ({ step, doneOn: '2026-11-20' })), screenshotShas: [SHA(steps.length)], notes: '' },
    })
    await push([install(full, ['installed', 'real_name', 'warning_on']), install(partial, ['installed'])])

    const res = await get(`/api/v1/areas/${G1}/residents?filter=install_gap&limit=500`)
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(target.length - 1)
    expect(res.body.items.map((i: { residentId: string }) => i.residentId)).toEqual(target.slice(1).map((r) => r.id))
    const item = res.body.items[0]
    expect(item).toMatchObject({ residentId: partial.id, householdId: partial.household_id, gridId: G1, age: 2026 - partial.birth_year!, missing: ['real_name', 'warning_on'] })
    expect(item.name).toBe(maskName(partial.name))
    expect(item.name).not.toBe(partial.name)
    expect(item.doorplate).toBeTruthy()
    for (const i of res.body.items) {
      expect(i.age).toBeGreaterThanOrEqual(16)
      expect(i.age).toBeLessThanOrEqual(60)
      expect(i.name).toContain('*')
    }
    const fresh = res.body.items.find((i: { residentId: string }) => i.residentId === target[2].id)
    expect(fresh.missing).toEqual(['installed', 'real_name', 'warning_on'])
  })

  it('pages the residents in a stable order and covers a village and a town', async () => {
    const all = (await get(`/api/v1/areas/t1-v01/residents?limit=500`)).body
    const p1 = (await get(`/api/v1/areas/t1-v01/residents?limit=3&offset=0`)).body
    const p2 = (await get(`/api/v1/areas/t1-v01/residents?limit=3&offset=3`)).body
    expect(p1.total).toBe(all.total)
    expect([...p1.items, ...p2.items].map((i: { residentId: string }) => i.residentId)).toEqual(all.items.slice(0, 6).map((i: { residentId: string }) => i.residentId))
    const grids = new Set(all.items.map((i: { gridId: string }) => i.gridId))
    expect(grids).toEqual(new Set([G1, 't1-v01-g2']))
    const g1 = (await get(`/api/v1/areas/${G1}/residents`)).body.total
    const g2 = (await get('/api/v1/areas/t1-v01-g2/residents')).body.total
    expect(all.total).toBe(g1 + g2)
    const town = await loginAs(server.url, 'demo-t1')
    expect((await get('/api/v1/areas/t1/residents?limit=1', town)).body.total).toBeGreaterThan(all.total)
  })

  it('keeps to scope and validates the query', async () => {
    const other = await loginAs(server.url, 'demo-t1-v02')
    expect((await get(`/api/v1/areas/${G1}/residents`, other)).status).toBe(403)
    expect((await get('/api/v1/areas/t1/residents')).status).toBe(403)
    expect((await get('/api/v1/areas/nowhere/residents')).status).toBe(403)
    expect((await get(`/api/v1/areas/${G1}/households?filter=stale`, other)).status).toBe(403)
    expect((await get(`/api/v1/areas/${G1}/residents?filter=everyone`)).status).toBe(400)
    expect((await get(`/api/v1/areas/${G1}/residents?limit=501`)).status).toBe(400)
  })
})
