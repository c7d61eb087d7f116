import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { visitRecord } from '../helpers/records'
import { runMissedRankings, runWeeklyRanking } from '../../server/src/jobs/weekly-ranking'
import { sumRows, toFigures } from '../../server/src/services/trend'
import { seedDemoActivity } from '../../server/src/seed/demo-activity'
import { chinaWeekStart } from '../../src/core/china-time'
import type { RankingRow } from '../../src/core/schemas/targets'
import type { TrendPoint, TrendResponse } from '../../src/core/schemas/trend'

jest.setTimeout(60_000)

/** China wall-clock time as epoch ms. */
const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)

describe('trend maths', () => {
  it('adds done and base before taking the percentage, and leaves an empty base as a gap', () => {
    const row = (done: number, base: number) => ({
      indicators: { visit_coverage: { done, base, pct: 0 }, pledge_households: { done: 0, base: 0, pct: 0 } },
    })
    const f = toFigures(sumRows([row(3, 10), row(5, 30)]))
    expect(f.visit_coverage).toEqual({ done: 8, base: 40, pct: 20 })
    expect(f.pledge_households).toBeNull()
    expect(f.installed).toBeNull()
  })
})

describe(`weekly trend of an area (${TEST_DIALECT})`, () => {
  let server: TestServer
  let clock = china(2026, 11, 4, 10)

  beforeAll(async () => {
    // The demo campaign starts on Sunday 2026-11-01, so its first week is the one of Monday 10-26.
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 11, 1) }, now: () => clock })
  })
  afterAll(async () => server?.close())

  async function pushVisits(gridId: string, from: number, count: number) {
    const token = await loginAs(server.url, `demo-${gridId}`)
    const hh = await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', gridId).orderBy('id').execute()
    const records = hh.slice(from, from + count).map((h) => visitRecord(h.id))
    expect((await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })).status).toBe(200)
  }

  const trend = async (code: string, query: string) => api(server.url, 'GET', `/api/v1/trend${query}`, { token: await loginAs(server.url, code) })
  const coverageLine = (body: TrendResponse) => body.points.map((p) => [p.weekStart, p.live, p.indicators?.visit_coverage?.pct ?? null, p.visits])

  it('back-fills the weeks no job ran for, oldest first, each once', async () => {
    // Week of 11-02: 4 of t1-v01's 16 households. Week of 11-09: 4 more, and 8 in t1-v02. Week of 11-16: 4 more.
    clock = china(2026, 11, 4, 10)
    await pushVisits('t1-v01-g1', 0, 4)
    clock = china(2026, 11, 10, 10)
    await pushVisits('t1-v01-g1', 4, 4)
    await pushVisits('t1-v02-g1', 0, 8)
    clock = china(2026, 11, 18, 10)
    await pushVisits('t1-v01-g2', 0, 4)

    // A server ran only in the week of 11-09, making the ranking of the week of 11-02; then none ran until 11-23.
    expect(await runWeeklyRanking(server.db, china(2026, 11, 9, 7))).toMatchObject({ week: '2026-11-02', ran: true })
    const filled = await runMissedRankings(server.db, china(2026, 11, 23))
    expect(filled.map((r) => [r.week, r.ran, r.rankings])).toEqual([
      ['2026-10-26', true, 3],
      ['2026-11-09', true, 3],
      ['2026-11-16', true, 3],
    ])
    expect(await runMissedRankings(server.db, china(2026, 11, 23))).toEqual([])
    const runs = await server.db.kysely.selectFrom('job_runs').select('period_key').orderBy('period_key').execute()
    expect(runs.map((r) => r.period_key)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'])

    // Back-filled weeks chain their week-on-week change: t1-v02 went 0% → 50% coverage in the week of 11-09.
    const town = await loginAs(server.url, 'demo-t1')
    const ranking = await api(server.url, 'GET', '/api/v1/rankings?areaId=t1&week=2026-11-09', { token: town })
    expect(ranking.body.rows.find((r: RankingRow) => r.areaId === 't1-v02').change).toEqual({ rank: 1, score: 10 })
  })

  it('gives a village its weekly figures from its town’s rankings, gaps before the first, and this week live', async () => {
    clock = china(2026, 11, 25, 10)
    await pushVisits('t1-v01-g2', 4, 2)
    const res = await trend('demo-t1-v01', '?weeks=6')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ areaId: 't1-v01', level: 'village' })
    expect(coverageLine(res.body)).toEqual([
      ['2026-10-12', false, null, 0],
      ['2026-10-19', false, null, 0],
      ['2026-10-26', false, 0, 0],
      ['2026-11-02', false, 25, 4],
      ['2026-11-09', false, 50, 4],
      ['2026-11-16', false, 75, 4],
      ['2026-11-23', true, 87.5, 2],
    ])
    expect(res.body.points[0].indicators).toBeNull()
    expect(res.body.points[5]).toMatchObject({ weekEnd: '2026-11-22', indicators: { visit_coverage: { done: 12, base: 16 } } })
    // No 16–60 resident has installed the app yet: 0%, not a gap, as the base is there.
    expect(res.body.points[5].indicators.installed.pct).toBe(0)
    expect(res.body.points[5].indicators.installed.base).toBeGreaterThan(0)
    expect((await trend('demo-t1-v01', '')).body.points).toHaveLength(13)
  })

  it('gives a town its row in the county’s ranking and the county the sum of its towns', async () => {
    const town = await trend('demo-t1', '?areaId=t1&weeks=3')
    expect(coverageLine(town.body)).toEqual([
      ['2026-11-02', false, 12.5, 4],
      ['2026-11-09', false, 50, 12],
      ['2026-11-16', false, 62.5, 4],
      ['2026-11-23', true, 68.8, 2],
    ])
    const county = await trend('demo-county', '?weeks=3')
    expect(county.body.level).toBe('county')
    // t2 did nothing: the county's 64 households halve t1's coverage.
    expect(county.body.points.map((p: TrendPoint) => p.indicators?.visit_coverage)).toEqual([
      { done: 4, base: 64, pct: 6.3 },
      { done: 16, base: 64, pct: 25 },
      { done: 20, base: 64, pct: 31.3 },
      { done: 22, base: 64, pct: 34.4 },
    ])
    const installedBase = (body: TrendResponse) => body.points[1].indicators!.installed!.base
    const t2 = await trend('demo-county', '?areaId=t2&weeks=3')
    expect(installedBase(county.body)).toBe(installedBase(town.body) + installedBase(t2.body))
  })

  it('keeps to the caller’s scope and refuses bad parameters', async () => {
    expect((await trend('demo-t1-v01', '?areaId=t1-v02')).status).toBe(403)
    expect((await trend('demo-t1-v01', '?areaId=t1')).status).toBe(403)
    expect((await trend('demo-t1', '?areaId=t2')).status).toBe(403)
    expect((await trend('demo-t1', '?areaId=nope')).status).toBe(403)
    expect((await trend('demo-t1', '?areaId=t1-v01-g1')).status).toBe(404)
    for (const q of ['?weeks=0', '?weeks=27', '?weeks=abc', '?weeks=2.5']) {
      const res = await trend('demo-t1', q)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
    }
    expect((await api(server.url, 'GET', '/api/v1/trend')).status).toBe(401)
  })
})

describe(`demo activity for a first start (${TEST_DIALECT})`, () => {
  let server: TestServer
  const now = china(2026, 11, 25, 10)

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now }, now: () => now })
  })
  afterAll(async () => server?.close())

  const trend = async (code: string, query: string) => api(server.url, 'GET', `/api/v1/trend${query}`, { token: await loginAs(server.url, code) })

  it('visits town t1 week by week since the campaign start, so the back-filled rankings show a rising line', async () => {
    const visits = await seedDemoActivity(server.db, now)
    expect(visits).toBeGreaterThan(0)
    const created = await server.db.kysely.selectFrom('households').select('created_at').distinct().execute()
    // The campaign starts on Sunday 1 November; its first week, and the register, from Monday 26 October.
    expect(created.map((r) => Number(r.created_at))).toEqual([china(2026, 10, 26)])
    expect((await runMissedRankings(server.db, chinaWeekStart(now))).every((r) => r.ran)).toBe(true)

    const t1 = await trend('demo-t1', '?weeks=4')
    const line = t1.body.points.map((p: TrendPoint) => p.indicators?.visit_coverage?.pct)
    expect(line[0]).toBeGreaterThan(0)
    for (let i = 1; i < line.length; i++) expect(line[i]).toBeGreaterThanOrEqual(line[i - 1])
    expect(t1.body.points.slice(0, 4).reduce((n: number, p: TrendPoint) => n + p.visits, 0)).toBe(visits)
    const t2 = await trend('demo-county', '?areaId=t2&weeks=4')
    expect(t2.body.points.every((p: TrendPoint) => p.visits === 0 && p.indicators?.visit_coverage?.pct === 0)).toBe(true)
  })

  it('月报 opens on the current month, and a month with demo visits counts its households (not 0 → +N户)', async () => {
    const town = await loginAs(server.url, 'demo-t1')
    const current = await api(server.url, 'GET', '/api/v1/reports/monthly', { token: town })
    expect(current.status).toBe(200)
    expect(current.body.month).toBe('2026-11')
    expect(current.body.asOf).toBe(new Date(now).toISOString())
    const households = Number((await server.db.kysely.selectFrom('households').select((eb) => eb.fn.countAll().as('n')).where('town_id', '=', 't1').executeTakeFirstOrThrow()).n)
    // October holds the campaign's first days of visits (from Tuesday 27th): the whole register is its base.
    const october = await api(server.url, 'GET', '/api/v1/reports/monthly?month=2026-10', { token: town })
    expect(october.body.current.households).toBe(households)
    expect(october.body.current.visits).toBeGreaterThan(0)
    expect(october.body.current.residents).toBeGreaterThan(0)
    expect(current.body.previous.households).toBe(households)
    // At September's end there was no register yet: nothing to compare October with, and its summary claims no change.
    expect(october.body.previous.households).toBe(0)
    expect(october.body.summary).not.toMatch(/较上月/)
    expect(current.body.summary).toMatch(/较上月/)
  })

})
