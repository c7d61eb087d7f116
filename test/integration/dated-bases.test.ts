// Dated denominators: the household base and the 16–60 resident base of a past period are the register as it stood
// at the period's end. Roster changes pushed under a controlled clock (a resident moved out in October; in November
// a household and a 30-year-old added to another, another resident and household moved out); October's monthly report and the
// ranking of an October week, made again after November, give the same figures; November's bases follow the changes.
// Returns: a resident moved out on 28 October comes back (返乡) on 3 December, and a household an import removed
// then is listed again; the week of 19 October still counts both, October and November (whose ends fall in the time
// away) still count neither, December counts both — the periods away are kept (register_absences).
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId, rosterRecord } from '../helpers/records'
import { computeRanking } from '../../server/src/services/rankings'
import { applyJob, check, xlsxOf } from '../helpers/imports'
import type { ReportChild } from '../../src/core/schemas/monthly-report'

jest.setTimeout(60_000)

/** China wall-clock time as epoch ms. */
const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)

const VILLAGE = 't1-v01'
const G1 = 't1-v01-g1'
const G2 = 't1-v01-g2'

let server: TestServer
let clock = china(2026, 10, 15, 10)

const roster = (householdId: string, body: Record<string, unknown>) => rosterRecord(householdId, body, clock)

async function push(grid: string, records: unknown[]) {
  const token = await loginAs(server.url, `demo-${grid}`)
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.status).toBe(200)
  expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(records.map(() => 'stored'))
}

/** Residents aged 16–60 in 2026 of a grid, on the register now. */
const targetResidents = (grid: string) =>
  server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id'])
    .where('grid_id', '=', grid)
    .where('deleted_at', 'is', null)
    .where('birth_year', '>=', 2026 - 60)
    .where('birth_year', '<=', 2026 - 16)
    .orderBy('id')
    .execute()

/** Per grid of the village: [grid, households, 16–60 residents] of a month's report. */
async function monthBases(month: string, village = VILLAGE) {
  const head = await loginAs(server.url, `demo-${village}`)
  const res = await api(server.url, 'GET', `/api/v1/reports/monthly?month=${month}`, { token: head })
  expect(res.status).toBe(200)
  return {
    current: res.body.current,
    children: res.body.children.map((c: ReportChild) => [c.areaId, c.current.households, c.current.residents]),
  }
}

async function octoberWeekRanking(villageId = VILLAGE) {
  const village = await server.db.kysely.selectFrom('areas').selectAll().where('id', '=', villageId).executeTakeFirstOrThrow()
  return computeRanking(server.db, village, china(2026, 10, 19), china(2026, 10, 26))
}

beforeAll(async () => {
  server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 9, 1) }, now: () => clock })
})
afterAll(async () => server?.close())

describe(`dated household and 16–60 bases (${TEST_DIALECT})`, () => {
  it('keeps past periods’ bases and moves the later ones with the roster', async () => {
    const g1 = await targetResidents(G1)
    const g2 = await targetResidents(G2)
    const households = async (grid: string) =>
      (await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', grid).where('deleted_at', 'is', null).orderBy('id').execute()).map((h) => h.id)
    const g1Households = await households(G1)
    const g2Households = await households(G2)

    // October: a resident of g2 moves out.
    clock = china(2026, 10, 12, 10)
    const movedInOctober = g2[0]
    await push(G2, [roster(movedInOctober.household_id, { action: 'resident_status', residentId: movedInOctober.id, status: 'moved_out' })])

    clock = china(2026, 11, 2, 10)
    const october = await monthBases('2026-10')
    expect(october.children).toEqual([
      [G1, g1Households.length, g1.length],
      [G2, g2Households.length, g2.length - 1],
    ])
    const octoberRanking = await octoberWeekRanking()
    const baseOf = (rows: Awaited<ReturnType<typeof octoberWeekRanking>>, grid: string) => {
      const r = rows.find((x) => x.areaId === grid)!
      return [r.indicators.visit_coverage.base, r.indicators.installed.base]
    }
    // The week of 19 October ends after the resident moved out.
    expect(baseOf(octoberRanking, G1)).toEqual([g1Households.length, g1.length])
    expect(baseOf(octoberRanking, G2)).toEqual([g2Households.length, g2.length - 1])

    // 20 November: a household moves into g1 and a 30-year-old joins a household already there; another resident of g2 and a household of g2 move out.
    clock = china(2026, 11, 20, 10)
    const newHousehold = newId(clock)
    const newResident = newId(clock)
    const movedInNovember = g2.find((r) => r.household_id !== movedInOctober.household_id && r.household_id !== g2Households[g2Households.length - 1])!
    const goneHousehold = g2Households[g2Households.length - 1]
    await push(G1, [
      roster(newHousehold, { action: 'add_household', gridId: G1, doorplate: '新村 9号', headName: '赵新' }),
      roster(g1Households[0], { action: 'add_resident', residentId: newResident, name: '赵新', gender: 'M', birthYear: 2026 - 30, phone: null, relation: '子女', tags: [] }),
    ])
    const goneHouseholdAdults = (await targetResidents(G2)).filter((r) => r.household_id === goneHousehold).length
    await push(G2, [
      roster(movedInNovember.household_id, { action: 'resident_status', residentId: movedInNovember.id, status: 'moved_out' }),
      roster(goneHousehold, { action: 'household_status', status: 'moved_out' }),
    ])

    // Made again in December: October's figures and the October week's ranking have not moved.
    clock = china(2026, 12, 3, 10)
    expect(await monthBases('2026-10')).toEqual(october)
    expect(await octoberWeekRanking()).toEqual(octoberRanking)

    // November: the added household and resident count, the residents moved out in October and November do not,
    // nor the household moved out (with its members).
    const november = await monthBases('2026-11')
    expect(november.children).toEqual([
      [G1, g1Households.length + 1, g1.length + 1],
      [G2, g2Households.length - 1, g2.length - 2 - goneHouseholdAdults],
    ])
    expect(november.current.residents).toBe(october.current.residents + 1 - 1 - goneHouseholdAdults)
  })

  it('keeps a period away off the bases after a 返乡 or a listing again by an import', async () => {
    const V2 = 't1-v02'
    const G = 't1-v02-g1'
    const k = server.db.kysely
    const name = async (id: string) => (await k.selectFrom('areas').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name
    const place = [await name('t1'), await name(V2), await name(G)]
    const households = await k.selectFrom('households').select(['id', 'doorplate', 'head_name']).where('grid_id', '=', G).where('deleted_at', 'is', null).orderBy('id').execute()
    const adults = await targetResidents(G)
    const byId = new Map(households.map((h) => [h.id, h]))
    /** The grid's register as an import file: every live resident but those of `leaveOut`. */
    const registerFile = async (leaveOut?: string) => {
      const live = await k.selectFrom('residents').select(['household_id', 'name']).where('grid_id', '=', G).where('deleted_at', 'is', null).orderBy('id').execute()
      const rows = live.filter((r) => r.household_id !== leaveOut).map((r) => [...place, byId.get(r.household_id)!.doorplate, byId.get(r.household_id)!.head_name, r.name])
      return xlsxOf({ 花名册: [['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名'], ...rows] })
    }
    const importRegister = async (leaveOut?: string) => {
      const town = await loginAs(server.url, 'demo-t1')
      const checked = await check(server.url, town, 'register', await registerFile(leaveOut))
      const job = await applyJob(server.url, town, checked.id)
      expect(job.status).toBe('applied')
      return job
    }
    const gridOf = async (month: string) => (await monthBases(month, V2)).children.find((c: [string, number, number]) => c[0] === G)
    const weekOf = async () => {
      const r = (await octoberWeekRanking(V2)).find((x) => x.areaId === G)!
      return [G, r.indicators.visit_coverage.base, r.indicators.installed.base]
    }

    // 28 October, after the week of 19 October: a resident moves out, and an import no longer lists a household
    // without records (removed). Neither has any record, so nothing else counts them.
    const dropped = households[households.length - 1]
    const droppedAdults = adults.filter((r) => r.household_id === dropped.id).length
    const away = adults.find((r) => r.household_id !== dropped.id)!
    clock = china(2026, 10, 28, 10)
    await push(G, [roster(away.household_id, { action: 'resident_status', residentId: away.id, status: 'moved_out' })])
    expect((await importRegister(dropped.id)).apply!.entities.households).toMatchObject({ removed: 1 })

    clock = china(2026, 12, 1, 10)
    const week = await weekOf()
    const october = await gridOf('2026-10')
    const november = await gridOf('2026-11')
    expect(week).toEqual([G, households.length, adults.length])
    expect(october).toEqual([G, households.length - 1, adults.length - 1 - droppedAdults])
    expect(november).toEqual(october)

    // 3 December: the resident comes back (返乡) and the next import lists the household again.
    clock = china(2026, 12, 3, 10)
    await push(G, [roster(away.household_id, { action: 'resident_status', residentId: away.id, status: 'returned' })])
    expect((await importRegister()).apply!.entities.households).toMatchObject({ updated: 1 })
    expect(await k.selectFrom('households').select('deleted_at').where('id', '=', dropped.id).executeTakeFirstOrThrow()).toEqual({ deleted_at: null })

    // Made again on 5 December: the October week still has both, October and November still have neither, December has both.
    clock = china(2026, 12, 5, 10)
    expect(await weekOf()).toEqual(week)
    expect(await gridOf('2026-10')).toEqual(october)
    expect(await gridOf('2026-11')).toEqual(november)
    expect(await gridOf('2026-12')).toEqual([G, households.length, adults.length])
  })
})
