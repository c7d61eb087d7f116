// Dated denominators: the household base and the 16–60 resident base of a past period are the register as it stood
// at the period's end. Roster changes pushed under a controlled clock (a resident moved out in October; in November
// a household and a 30-year-old added to another, another resident and household moved out); October's monthly report and the
// ranking of an October week, made again after November, give the same figures; November's bases follow the changes.
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId } from '../helpers/records'
import { computeRanking } from '../../server/src/services/rankings'
import type { ReportChild } from '../../src/core/schemas/monthly-report'

jest.setTimeout(60_000)

/** China wall-clock time as epoch ms. */
const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)

const VILLAGE = 't1-v01'
const G1 = 't1-v01-g1'
const G2 = 't1-v01-g2'

let server: TestServer
let clock = china(2026, 10, 15, 10)
const at = () => new Date(clock).toISOString()

const roster = (householdId: string, body: Record<string, unknown>) => ({ id: newId(clock), kind: 'roster', householdId, replaces: null, deviceId: 'dev', createdAt: at(), body })

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
async function monthBases(month: string) {
  const head = await loginAs(server.url, 'demo-t1-v01')
  const res = await api(server.url, 'GET', `/api/v1/reports/monthly?month=${month}`, { token: head })
  expect(res.status).toBe(200)
  return {
    current: res.body.current,
    children: res.body.children.map((c: ReportChild) => [c.areaId, c.current.households, c.current.residents]),
  }
}

async function octoberWeekRanking() {
  const village = await server.db.kysely.selectFrom('areas').selectAll().where('id', '=', VILLAGE).executeTakeFirstOrThrow()
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
})
