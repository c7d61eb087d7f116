// A grid's centre and radius: set by an official over it (village head, town, county), read back, cleared; refused
// for an area that is not a grid and for another village's grid; audited.
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

let server: TestServer
let head: string
const GRID = 't1-v01-g1'
const place = { lat: 30.123456, lng: 114.654321, radiusM: 600 }

beforeAll(async () => {
  server = await startTestServer()
  head = await loginAs(server.url, 'demo-t1-v01')
})
afterAll(() => server.close())

const path = (id: string) => `/api/v1/areas/${id}/place`

it(`sets, reads and clears a grid's place (${TEST_DIALECT})`, async () => {
  expect((await api(server.url, 'GET', path(GRID), { token: head })).body).toEqual({ place: null })
  const set = await api(server.url, 'PUT', path(GRID), { token: head, body: { place } })
  expect([set.status, set.body]).toEqual([200, { place }])
  expect((await api(server.url, 'GET', path(GRID), { token: await loginAs(server.url, 'demo-t1') })).body).toEqual({ place })
  const audit = await server.db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'area.place').execute()
  expect(audit).toEqual([{ action: 'area.place', entity_id: GRID }])
  await api(server.url, 'PUT', path(GRID), { token: head, body: { place: null } })
  expect((await api(server.url, 'GET', path(GRID), { token: head })).body).toEqual({ place: null })
})

it('refuses a village, a radius out of range and another village\'s grid', async () => {
  const village = await api(server.url, 'PUT', path('t1-v01'), { token: head, body: { place } })
  expect([village.status, village.body.error.code]).toEqual([422, 'AREA_NOT_GRID'])
  const tooWide = await api(server.url, 'PUT', path(GRID), { token: head, body: { place: { ...place, radiusM: 50_000 } } })
  expect([tooWide.status, tooWide.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  const other = await api(server.url, 'PUT', path('t1-v02-g1'), { token: head, body: { place } })
  expect([other.status, other.body.error.code]).toEqual([403, 'FORBIDDEN'])
})
