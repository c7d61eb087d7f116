// The per-grid aggregates: visits land in the China-time week they were received in, and the migration's
// back-fill builds from existing data exactly what ingest keeps.
import { chinaWeekStart } from '../../src/core/china-time'
import * as gridTalliesMigration from '../../server/src/db/migrations/2026_11_27_0006_grid_tallies'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

let server: TestServer
let clock = Date.now()

beforeAll(async () => {
  server = await startTestServer({ now: () => clock })
})
afterAll(() => server.close())

const GRID = 't1-v01-g1'

async function pushVisits(at: number, householdIds: string[]) {
  clock = at
  const token = await loginAs(server.url, `demo-${GRID}`)
  const records = householdIds.map((h) => visitRecord(h, 'met', { createdAt: new Date(at).toISOString() }))
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(householdIds.map(() => 'stored'))
}

/** A hand-out of a material that needs no receipt and one resident's install, so every aggregate has a row. */
async function pushHandoutAndInstall(householdId: string) {
  const token = await loginAs(server.url, `demo-${GRID}`)
  const material = await server.db.kysely.selectFrom('materials').select('id').where('needs_receipt', '=', 0).executeTakeFirstOrThrow()
  const resident = await server.db.kysely.selectFrom('residents').select('id').where('household_id', '=', householdId).executeTakeFirstOrThrow()
  const at = new Date(clock).toISOString()
  const envelope = { householdId, replaces: null, deviceId: 'test-device', createdAt: at }
  const records = [
    { ...envelope, id: newId(clock), kind: 'handout', body: { items: [{ materialId: material.id, quantity: 2 }], handedAt: at } },
    { ...envelope, id: newId(clock), kind: 'install', body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: at.slice(0, 10) }], screenshotShas: ['c'.repeat(64)] } },
  ]
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored'])
}

function weekRows() {
  return server.db.kysely.selectFrom('grid_week_visits').select(['week_start', 'visits']).where('grid_id', '=', GRID).orderBy('week_start').execute()
}

it('counts a visit in the China-time week it was received in, Sunday 23:59:59.999 and Monday 00:00 apart', async () => {
  const monday = chinaWeekStart(Date.now())
  await pushVisits(monday - 1, ['t1-v01-g1-h001'])
  await pushVisits(monday, ['t1-v01-g1-h002', 't1-v01-g1-h003'])
  const rows = await weekRows()
  expect(rows.map((r) => ({ week: Number(r.week_start), visits: Number(r.visits) }))).toEqual([
    { week: chinaWeekStart(monday - 1), visits: 1 },
    { week: monday, visits: 2 },
  ])
  expect(chinaWeekStart(monday - 1)).toBe(monday - 7 * 86_400_000)

  clock = monday + 3600_000
  const token = await loginAs(server.url, 'demo-t1-v01')
  const res = await api(server.url, 'GET', `/api/v1/coverage?areaId=${GRID}`, { token })
  expect(res.body.area.visitsThisWeek).toBe(2)
  expect(res.body.area.visited).toBe(3)
})

it("back-fills the aggregates from existing data when the migration runs on a database that has some", async () => {
  const db = server.db.kysely
  const snapshot = async () => ({
    grids: await db.selectFrom('grid_tallies').selectAll().orderBy('grid_id').execute(),
    residents: await db.selectFrom('grid_resident_tallies').selectAll().orderBy('grid_id').orderBy('birth_year').execute(),
    handouts: await db.selectFrom('grid_handout_tallies').selectAll().orderBy('grid_id').orderBy('material_id').execute(),
    weeks: await db.selectFrom('grid_week_visits').selectAll().orderBy('grid_id').orderBy('week_start').execute(),
  })
  await pushHandoutAndInstall('t1-v01-g1-h004')
  const kept = await snapshot()
  expect(kept.grids.find((g) => g.grid_id === GRID)).toMatchObject({ households: 8, visited: 3 })
  expect(kept.residents.some((r) => r.installed > 0)).toBe(true)
  expect(kept.handouts.find((h) => h.grid_id === GRID)).toMatchObject({ quantity: 2 })
  await gridTalliesMigration.down(db)
  await gridTalliesMigration.up(db)
  expect(await snapshot()).toEqual(kept)
})
