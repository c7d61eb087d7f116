// The pace, place and time rules run on records as a push stores them: 13 households in 10 minutes, a visit far
// outside its grid's set radius, a visit at night and an install dated ahead each flag their records (待核查) with
// evidence; a worker's ordinary day raises nothing.
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../../helpers/test-server'
import { newId } from '../../helpers/records'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

const MINUTE = 60_000
/** China wall-clock time as epoch ms. */
const china = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h - 8, min)
const NOW = china(2026, 11, 25, 18)
const CENTRE = { lat: 30.5, lng: 114.3 }

let server: TestServer
let token: string
let households: { id: string; grid_id: string }[]

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW, seed: { ...SMALL_COUNTY, householdsPerGrid: [14, 14] } })
  token = await loginAs(server.url, 'demo-t1-v01-g1')
  households = await server.db.kysely.selectFrom('households').select(['id', 'grid_id']).where('grid_id', '=', 't1-v01-g1').orderBy('id').execute()
  const head = await loginAs(server.url, 'demo-t1-v01')
  await api(server.url, 'PUT', '/api/v1/areas/t1-v01-g1/place', { token: head, body: { place: { ...CENTRE, radiusM: 500 } } })
})
afterAll(() => server.close())

/** Metres north of the grid's centre as a GPS fix. */
const north = (m: number) => ({ lat: CENTRE.lat + m / 111_320, lng: CENTRE.lng, accuracy: 12 })

const visit = (householdId: string, at: number, location = north(100)) => ({
  id: newId(at),
  kind: 'visit',
  householdId,
  replaces: null,
  deviceId: 'dev',
  createdAt: new Date(at).toISOString(),
  body: { outcome: 'met', peopleMet: 1, residentIds: [], notes: '', visitedAt: new Date(at).toISOString(), location },
})

async function push(records: { id: string }[]) {
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(records.map(() => 'stored'))
}

async function flagsOf(ids: string[]) {
  const rows = await server.db.kysely.selectFrom('record_flags').select(['record_id', 'kind', 'evidence']).where('record_id', 'in', ids).execute()
  return rows.map((r) => ({ id: r.record_id, kind: r.kind, evidence: JSON.parse(r.evidence) }))
}

const states = async (ids: string[]) =>
  new Set((await server.db.kysely.selectFrom('records').select('review_state').where('id', 'in', ids).execute()).map((r) => r.review_state))

it(`raises nothing for an ordinary afternoon of visits (${TEST_DIALECT})`, async () => {
  const day = households.slice(0, 6).map((h, i) => visit(h.id, china(2026, 11, 25, 14) + i * 9 * MINUTE, north(40 * i)))
  await push(day)
  expect(await flagsOf(day.map((v) => v.id))).toEqual([])
  expect(await states(day.map((v) => v.id))).toEqual(new Set(['accepted']))
})

it('flags 13 households within 10 minutes, every visit of the burst', async () => {
  const start = china(2026, 11, 24, 10)
  const burst = households.slice(0, 13).map((h, i) => visit(h.id, start + i * 45_000, north(30 * i)))
  expect(new Set(burst.map((v) => v.householdId)).size).toBe(13)
  await push(burst)
  const flags = await flagsOf(burst.map((v) => v.id))
  const pace = flags.filter((f) => f.kind === 'pace')
  expect(pace.map((f) => f.id).sort()).toEqual(burst.map((v) => v.id).sort())
  expect(pace[0].evidence).toMatchObject({ households: 13 })
  expect(await states(burst.map((v) => v.id))).toEqual(new Set(['flagged']))
})

it('flags a visit far outside its grid and one at night, naming distance and hour', async () => {
  const far = visit(households[0].id, china(2026, 11, 23, 10), north(3000))
  const night = visit(households[1].id, china(2026, 11, 23, 23, 30))
  await push([far, night])
  const flags = await flagsOf([far.id, night.id])
  const outside = flags.find((f) => f.id === far.id && f.kind === 'outside_grid')
  expect(outside?.evidence.distanceM).toBeGreaterThan(2900)
  expect(outside?.evidence.radiusM).toBe(500)
  expect(flags.some((f) => f.id === night.id && f.kind === 'night')).toBe(true)
})

it('flags an install step dated after today', async () => {
  const [resident] = await server.db.kysely.selectFrom('residents').select(['id', 'household_id']).where('grid_id', '=', 't1-v01-g1').limit(1).execute()
  const record = {
    id: newId(NOW),
    kind: 'install',
    householdId: resident.household_id,
    replaces: null,
    deviceId: 'dev',
    createdAt: new Date(NOW - MINUTE).toISOString(),
    body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: '2027-01-05' }], screenshotShas: ['f7'.repeat(32)], notes: '' },
  }
  await push([record])
  expect((await flagsOf([record.id])).map((f) => f.kind)).toContain('future_date')
})
