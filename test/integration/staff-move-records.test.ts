// A worker moved to another grid (人员管理, PUT /staff/:id) syncs what they saved offline before the move: records made
// before it for households of the grid they were in then are taken (and keep that grid); records made after it for
// that grid, and records for a grid they never had, are refused as before; a worker never moved cannot use an old date.
import { API_PREFIX } from '@core/api'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

const HOUR = 3_600_000
let server: TestServer
let clock = Date.UTC(2026, 10, 20, 2)

beforeAll(async () => {
  server = await startTestServer({ seed: { ...SMALL_COUNTY, now: Date.UTC(2026, 8, 1) }, now: () => clock })
})
afterAll(async () => server?.close())

const firstHousehold = async (grid: string) =>
  (await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', grid).orderBy('id').executeTakeFirstOrThrow()).id
const madeAt = (ms: number) => ({ id: newId(ms), createdAt: new Date(ms).toISOString() })

async function push(token: string, records: unknown[]) {
  const res = await api(server.url, 'POST', `${API_PREFIX}/sync/push`, { token, body: { records } })
  expect(res.status).toBe(200)
  return (res.body.results as { status: string; code?: string }[]).map((r) => r.code ?? r.status)
}

describe(`records made before a move to another grid (${TEST_DIALECT})`, () => {
  it('takes them for the grid the worker was in when they were made', async () => {
    const oldGrid = 't1-v01-g2'
    const newGrid = 't1-v02-g2'
    const [oldHousehold, newHousehold, neverHousehold] = [await firstHousehold(oldGrid), await firstHousehold(newGrid), await firstHousehold('t1-v01-g1')]
    const worker = await loginAs(server.url, `demo-${oldGrid}`)
    const beforeMove = clock - HOUR

    clock += HOUR
    const town = await loginAs(server.url, 'demo-t1')
    const moved = await api(server.url, 'PUT', `${API_PREFIX}/staff/u-${oldGrid}`, { token: town, body: { areaId: newGrid } })
    expect(moved.status).toBe(200)
    const movedAt = clock

    clock += HOUR
    const early = visitRecord(oldHousehold, 'met', madeAt(beforeMove))
    const added = {
      ...madeAt(beforeMove),
      kind: 'roster',
      householdId: newId(beforeMove),
      replaces: null,
      deviceId: 'test-device',
      body: { action: 'add_household', gridId: oldGrid, doorplate: '搬前新增 1号', headName: '周前' },
    }
    expect(
      await push(worker, [
        early,
        added,
        visitRecord(oldHousehold, 'met', madeAt(movedAt + 1)),
        visitRecord(neverHousehold, 'met', madeAt(beforeMove)),
        visitRecord(newHousehold, 'met', madeAt(movedAt + 1)),
      ]),
    ).toEqual(['stored', 'stored', 'HOUSEHOLD_NOT_FOUND', 'HOUSEHOLD_NOT_FOUND', 'stored'])
    const stored = await server.db.kysely.selectFrom('records').select(['id', 'grid_id', 'author_id']).where('id', 'in', [early.id, added.id]).orderBy('id').execute()
    expect(stored.map((r) => [r.grid_id, r.author_id])).toEqual([
      [oldGrid, `u-${oldGrid}`],
      [oldGrid, `u-${oldGrid}`],
    ])
    // A new household after the move in the old grid is refused too.
    expect(await push(worker, [{ ...added, ...madeAt(movedAt + 1), householdId: newId(clock), body: { ...added.body, doorplate: '搬后新增 2号' } }])).toEqual(['GRID_NOT_FOUND'])

    // Someone never moved cannot reach another grid with an old date.
    const neighbour = await loginAs(server.url, 'demo-t1-v01-g1')
    expect(await push(neighbour, [visitRecord(oldHousehold, 'met', madeAt(beforeMove - HOUR))])).toEqual(['HOUSEHOLD_NOT_FOUND'])
  })
})
