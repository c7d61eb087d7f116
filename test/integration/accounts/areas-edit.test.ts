// Areas edited one at a time: a town official adds a grid or renames a village of their town (never their own town
// or another town's areas); siblings cannot share a name; a grid has no children; village heads and workers are
// refused; a new grid shows up at once in the village's coverage and in the staff area picker.
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

describe(`area editing (${TEST_DIALECT})`, () => {
  let server: TestServer
  let town1: string
  let villageHead: string
  let worker: string

  beforeAll(async () => {
    server = await startTestServer()
    town1 = await loginAs(server.url, 'demo-t1')
    villageHead = await loginAs(server.url, 'demo-t1-v01')
    worker = await loginAs(server.url, 'demo-t1-v01-g1')
  })
  afterAll(async () => server?.close())

  const call = (method: string, path: string, token: string, body?: object) => api(server.url, method, `/api/v1${path}`, { token, body })
  const audit = (entityId: string) =>
    server.db.kysely.selectFrom('audit_log').select(['action', 'user_id', 'detail']).where('entity_id', '=', entityId).orderBy('seq').execute()

  it('lets a town official add a grid to a village of their town; it shows in coverage and the area picker', async () => {
    const res = await call('POST', '/areas', town1, { parentId: 't1-v01', name: '  新建第9网格 ' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ name: '新建第9网格', level: 'grid' })
    const id = res.body.id as string
    const row = await server.db.kysely.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ parent_id: 't1-v01', town_id: 't1', village_id: 't1-v01', level: 'grid' })
    const tally = await server.db.kysely.selectFrom('grid_tallies').selectAll().where('grid_id', '=', id).executeTakeFirst()
    expect(tally).toMatchObject({ village_id: 't1-v01', town_id: 't1' })
    expect(Number(tally!.households)).toBe(0)
    const coverage = await call('GET', '/coverage?areaId=t1-v01', town1)
    expect(coverage.status).toBe(200)
    expect(coverage.body.rows.find((r: { areaId: string }) => r.areaId === id)).toMatchObject({ name: '新建第9网格', households: 0 })
    const picker = await call('GET', `/staff/areas?areaId=t1-v01&level=grid&q=${encodeURIComponent('新建第9')}`, town1)
    expect(picker.body.areas.map((a: { id: string }) => a.id)).toEqual([id])
    expect((await audit(id)).map((a) => [a.action, a.user_id])).toEqual([['area.create', 'u-t1']])
    // A grid worker can be placed in it at once.
    const staff = await call('POST', '/staff', town1, { name: '周新网', role: 'worker', areaId: id })
    expect(staff.status).toBe(201)
  })

  it('renames a village of the town, keeping its id and its records', async () => {
    const before = await server.db.kysely.selectFrom('households').select('id').where('village_id', '=', 't1-v02').execute()
    const res = await call('PUT', '/areas/t1-v02', town1, { name: '更名后的村' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: 't1-v02', name: '更名后的村', level: 'village' })
    const after = await server.db.kysely.selectFrom('households').select('id').where('village_id', '=', 't1-v02').execute()
    expect(after.length).toBe(before.length)
    const coverage = await call('GET', '/coverage?areaId=t1', town1)
    expect(coverage.body.rows.find((r: { areaId: string }) => r.areaId === 't1-v02')).toMatchObject({ name: '更名后的村' })
    const log = await audit('t1-v02')
    expect(log.map((a) => [a.action, a.user_id])).toEqual([['area.rename', 'u-t1']])
  })

  it('refuses a sibling name already taken, children of a grid and the caller\'s own town', async () => {
    const siblings = await server.db.kysely.selectFrom('areas').select(['id', 'name']).where('parent_id', '=', 't1').orderBy('sort').execute()
    const other = siblings.find((s) => s.id !== 't1-v02')!
    const taken = await call('PUT', `/areas/${other.id}`, town1, { name: '更名后的村' })
    expect([taken.status, taken.body.error.code]).toEqual([409, 'AREA_NAME_TAKEN'])
    const takenNew = await call('POST', '/areas', town1, { parentId: 't1', name: ` ${siblings[0].name} ` })
    expect([takenNew.status, takenNew.body.error.code]).toEqual([409, 'AREA_NAME_TAKEN'])
    const underGrid = await call('POST', '/areas', town1, { parentId: 't1-v01-g1', name: '不该有' })
    expect([underGrid.status, underGrid.body.error.code]).toEqual([422, 'AREA_LEVEL_INVALID'])
    const own = await call('PUT', '/areas/t1', town1, { name: '新镇名' })
    expect([own.status, own.body.error.code]).toEqual([422, 'AREA_OWN'])
    const empty = await call('POST', '/areas', town1, { parentId: 't1', name: '   ' })
    expect(empty.status).toBe(400)
    const long = await call('POST', '/areas', town1, { parentId: 't1', name: '长'.repeat(41) })
    expect(long.status).toBe(400)
  })

  it('refuses another town\'s areas, and village heads and workers altogether', async () => {
    const otherRename = await call('PUT', '/areas/t2-v01', town1, { name: '别人的村' })
    expect([otherRename.status, otherRename.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const otherCreate = await call('POST', '/areas', town1, { parentId: 't2-v01', name: '别人的网格' })
    expect([otherCreate.status, otherCreate.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const county = await call('POST', '/areas', town1, { parentId: 'c1', name: '新镇' })
    expect([county.status, county.body.error.code]).toEqual([403, 'FORBIDDEN'])
    for (const token of [villageHead, worker]) {
      const create = await call('POST', '/areas', token, { parentId: 't1-v01', name: '越权网格' })
      expect([create.status, create.body.error.code]).toEqual([403, 'FORBIDDEN'])
      const rename = await call('PUT', '/areas/t1-v01-g1', token, { name: '越权改名' })
      expect([rename.status, rename.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
    const names = await server.db.kysely.selectFrom('areas').select('id').where('name', 'in', ['别人的村', '别人的网格', '新镇', '越权网格', '越权改名']).execute()
    expect(names).toEqual([])
  })
})
