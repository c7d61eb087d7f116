import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { createTestDatabase, TEST_DIALECT, type TestDbHandle } from '../helpers/test-db'
import { visitRecord } from '../helpers/records'
import { runWeeklyRanking } from '../../server/src/jobs/weekly-ranking'
import { computeRanking } from '../../server/src/services/rankings'
import { seedDemoCounty } from '../../server/src/seed/demo-county'
import { chinaWeekStart } from '../../src/core/china-time'
import type { CampaignResponse, RankingRow, TargetStatusResponse } from '../../src/core/schemas/targets'

jest.setTimeout(90_000)

/** China wall-clock time as epoch ms. */
const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)

describe(`weekly rankings and targets (${TEST_DIALECT})`, () => {
  let server: TestServer
  let clock = china(2026, 11, 18, 10)

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 11, 1) }, now: () => clock })
  })
  afterAll(async () => server?.close())

  const householdsOf = (gridId: string) =>
    server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', gridId).orderBy('id').execute()

  async function pushVisits(gridId: string, count: number, outcome: 'met' | 'not_home' = 'met') {
    const token = await loginAs(server.url, `demo-${gridId}`)
    const hh = (await householdsOf(gridId)).slice(0, count)
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records: hh.map((h) => visitRecord(h.id, outcome)) } })
    expect(res.status).toBe(200)
  }

  const rankingsCount = async () => Number((await server.db.kysely.selectFrom('rankings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  it('ranks a town’s villages and the county’s towns by the figures at the end of the week, with ties', async () => {
    // Week 2026-11-16..22: t1-v01 covers all 16 households, t1-v02 covers 4 (and finds 4 more not at home),
    // t2's villages do nothing and tie.
    clock = china(2026, 11, 18, 10)
    await pushVisits('t1-v01-g1', 8)
    await pushVisits('t1-v01-g2', 8)
    await pushVisits('t1-v02-g1', 4)
    await pushVisits('t1-v02-g2', 4, 'not_home')
    // Received after the week's end: must not count for that week.
    clock = china(2026, 11, 23, 1)
    await pushVisits('t1-v02-g2', 8)

    const first = await runWeeklyRanking(server.db, china(2026, 11, 24, 7))
    expect(first).toEqual({ week: '2026-11-16', ran: true, rankings: 3 })

    const town = await loginAs(server.url, 'demo-t1')
    const t1 = await api(server.url, 'GET', '/api/v1/rankings', { token: town })
    expect(t1.status).toBe(200)
    expect(t1.body.weekStart).toBe('2026-11-16')
    expect(t1.body.rows.map((r: RankingRow) => [r.areaId, r.rank, r.indicators.visit_coverage.done, r.indicators.visit_coverage.base])).toEqual([
      ['t1-v01', 1, 16, 16],
      ['t1-v02', 2, 4, 16],
    ])
    expect(t1.body.rows[0].score).toBe(20) // 100% coverage, 0 elsewhere: mean of five indicators
    expect(t1.body.rows[0].change).toEqual({ rank: null, score: null })

    const county = await loginAs(server.url, 'demo-county')
    const t2 = await api(server.url, 'GET', '/api/v1/rankings?areaId=t2&week=2026-11-16', { token: county })
    expect(t2.body.rows.map((r: RankingRow) => [r.areaId, r.rank, r.score])).toEqual([
      ['t2-v01', 1, 0],
      ['t2-v02', 1, 0],
    ])
    const c1 = await api(server.url, 'GET', '/api/v1/rankings', { token: county })
    expect(c1.body.rows.map((r: RankingRow) => [r.areaId, r.rank, r.indicators.visit_coverage.done])).toEqual([
      ['t1', 1, 20],
      ['t2', 2, 0],
    ])
    // The job adds the county's town figures up from the towns' village figures: the same as counting them directly.
    const countyArea = await server.db.kysely.selectFrom('areas').selectAll().where('id', '=', 'c1').executeTakeFirstOrThrow()
    const direct = await computeRanking(server.db, countyArea, china(2026, 11, 16, 0), china(2026, 11, 23, 0))
    expect(c1.body.rows.map((r: RankingRow) => r.indicators)).toEqual(direct.map((r) => r.indicators))
    expect(direct[0].indicators.installed.base).toBeGreaterThan(0)
  })

  it('stores one ranking per area and week however often it runs', async () => {
    const before = await rankingsCount()
    expect(await runWeeklyRanking(server.db, china(2026, 11, 24, 9))).toMatchObject({ ran: false })
    expect(await runWeeklyRanking(server.db, china(2026, 11, 29, 23))).toMatchObject({ week: '2026-11-16', ran: false })
    expect(await rankingsCount()).toBe(before)
  })

  it('shows week-on-week change against the previous stored ranking', async () => {
    expect(await runWeeklyRanking(server.db, china(2026, 11, 30, 6))).toMatchObject({ week: '2026-11-23', ran: true })
    const town = await loginAs(server.url, 'demo-t1')
    const res = await api(server.url, 'GET', '/api/v1/rankings?areaId=t1', { token: town })
    expect(res.body.weekStart).toBe('2026-11-23')
    const v02 = res.body.rows.find((r: RankingRow) => r.areaId === 't1-v02')
    expect(v02.indicators.visit_coverage.done).toBe(12)
    expect(v02.change).toEqual({ rank: 0, score: 10 }) // 4/16 → 12/16 coverage: score 5 → 15
  })

  // better-sqlite3 is synchronous: two connections in one thread cannot wait for each other's lock, so on SQLite
  // this race is left to the two-process test below.
  const itPostgres = TEST_DIALECT === 'postgres' ? it : it.skip
  itPostgres('lets exactly one of two concurrent runs on separate connections store the week', async () => {
    const other = server.dbHandle.open()
    try {
      const now = china(2026, 12, 7, 6)
      const results = await Promise.all([runWeeklyRanking(server.db, now, 'a'), runWeeklyRanking(other, now, 'b')])
      expect(results.filter((r) => r.ran)).toHaveLength(1)
      const rows = await server.db.kysely.selectFrom('rankings').select('area_id').where('week_start', '=', china(2026, 11, 30)).execute()
      expect(rows).toHaveLength(3)
    } finally {
      await other.close()
    }
  })

  it('keeps rankings within scope: a village head cannot read the town’s', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    expect((await api(server.url, 'GET', '/api/v1/rankings?areaId=t1', { token: head })).status).toBe(403)
    expect((await api(server.url, 'GET', '/api/v1/rankings', { token: head })).status).toBe(404)
  })

  it('shows the campaign phases and the county targets inherited by a village', async () => {
    clock = china(2026, 11, 25, 10)
    const head = await loginAs(server.url, 'demo-t1-v01')
    const res = await api(server.url, 'GET', '/api/v1/campaigns/current', { token: head })
    expect(res.status).toBe(200)
    expect(res.body.phases.map((p: CampaignResponse['phases'][number]) => [p.name, p.current])).toEqual([
      ['筹划准备', false],
      ['集中宣传', true],
      ['评估考核', false],
    ])
    expect(res.body.targets).toHaveLength(8)
    expect(res.body.targets.every((t: CampaignResponse['targets'][number]) => t.setByAreaId === 'c1')).toBe(true)

    const status = await api(server.url, 'GET', '/api/v1/targets/status', { token: head })
    const visit = status.body.items.find((i: TargetStatusResponse['items'][number]) => i.indicator === 'visit_coverage')
    expect(visit).toMatchObject({ targetPct: 100, deadline: '2027-03-31', baseCount: 16, current: 16, state: 'met', needed: 0 })
    const installed = status.body.items.find((i: TargetStatusResponse['items'][number]) => i.indicator === 'installed' && i.deadline === '2027-03-31')
    expect(installed.state).toBe('behind')
    expect(installed.needed).toBe(Math.ceil(installed.baseCount * 0.4))
  })

  it('lets a town official override a target for their town only, and refuses a village head', async () => {
    const town = await loginAs(server.url, 'demo-t1')
    const put = await api(server.url, 'PUT', '/api/v1/targets', { token: town, body: { indicator: 'installed', targetPct: 60, deadline: '2027-03-31' } })
    expect(put.status).toBe(200)
    expect(put.body.targets.find((t: CampaignResponse['targets'][number]) => t.indicator === 'installed' && t.deadline === '2027-03-31')).toMatchObject({ targetPct: 60, setByAreaId: 't1' })

    const county = await loginAs(server.url, 'demo-county')
    const q1Installed = async (areaId: string) =>
      (await api(server.url, 'GET', `/api/v1/targets/status?areaId=${areaId}`, { token: county })).body.items.find(
        (i: TargetStatusResponse['items'][number]) => i.indicator === 'installed' && i.deadline === '2027-03-31',
      )
    expect(await q1Installed('t1-v01')).toMatchObject({ targetPct: 60, setByAreaId: 't1' })
    expect(await q1Installed('t1-v02')).toMatchObject({ targetPct: 60, setByAreaId: 't1' })
    expect(await q1Installed('t2-v01')).toMatchObject({ targetPct: 40, setByAreaId: 'c1' })
    expect(await q1Installed('c1')).toMatchObject({ targetPct: 40, setByAreaId: 'c1' })

    const audit = await server.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'target.set').execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0].detail)).toMatchObject({ areaId: 't1', indicator: 'installed', targetPct: 60 })

    const head = await loginAs(server.url, 'demo-t1-v01')
    const denied = await api(server.url, 'PUT', '/api/v1/targets', { token: head, body: { indicator: 'installed', targetPct: 10, deadline: '2027-03-31' } })
    expect(denied.status).toBe(403)
    const otherTown = await api(server.url, 'PUT', '/api/v1/targets', { token: town, body: { areaId: 't2', indicator: 'installed', targetPct: 10, deadline: '2027-03-31' } })
    expect(otherTown.status).toBe(403)
  })
})

describe(`the weekly ranking runs once across two server processes (${TEST_DIALECT})`, () => {
  let handle: TestDbHandle
  const children: ChildProcess[] = []
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-rank-media-'))

  beforeAll(async () => {
    handle = await createTestDatabase()
    const db = handle.open()
    await seedDemoCounty(db, SMALL_COUNTY)
    await db.close()
  })

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
    await handle?.drop()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  })

  function startServer(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env,
        ...handle.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'never',
        LOG_LEVEL: 'warn',
        H5_DIR: '/nonexistent',
        MEDIA_DIR: mediaDir,
        // Due at once, whatever the day: Monday 00:00 of this China week has always passed.
        RANKING_WEEKDAY: '1',
        RANKING_HOUR: '0',
        RANKING_CHECK_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    return new Promise((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (d) => {
        out += d
        if (out.includes('反诈入户通已启动')) resolve(child)
      })
      child.stderr!.on('data', (d) => (out += d))
      child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
    })
  }

  it('stores exactly one ranking per area and week, and one job run per week, back-filled weeks included', async () => {
    await Promise.all([startServer(), startServer()])
    const db = handle.open()
    try {
      // Every week from the campaign start (2026-11-01, at most 26 weeks back) to last week is ranked.
      const lastWeek = chinaWeekStart(Date.now()) - 7 * 86_400_000
      const firstWeek = Math.max(chinaWeekStart(china(2026, 11, 1)), lastWeek - 25 * 7 * 86_400_000)
      const weeks = (lastWeek - firstWeek) / (7 * 86_400_000) + 1
      // Until the weeks are done (a loaded machine is slow to start two servers), then both processes check many
      // more times (every 200 ms) before the count is taken.
      for (let waited = 0; waited < 60_000; waited += 250) {
        const done = await db.kysely.selectFrom('job_runs').select('job').where('finished_at', 'is not', null).execute()
        if (done.length >= weeks) break
        await new Promise((r) => setTimeout(r, 250))
      }
      await new Promise((r) => setTimeout(r, 2000))
      const rankings = await db.kysely.selectFrom('rankings').select(['area_id', 'week_start']).execute()
      const byWeek = new Map<number, string[]>()
      for (const r of rankings) byWeek.set(Number(r.week_start), [...(byWeek.get(Number(r.week_start)) ?? []), r.area_id])
      expect(byWeek.size).toBe(weeks)
      expect(Math.min(...byWeek.keys())).toBe(firstWeek)
      for (const areas of byWeek.values()) expect(areas.sort()).toEqual(['c1', 't1', 't2'])
      const runs = await db.kysely.selectFrom('job_runs').selectAll().execute()
      expect(runs).toHaveLength(weeks)
      expect(runs.every((r) => r.finished_at !== null)).toBe(true)
    } finally {
      await db.close()
    }
    for (const c of children) {
      const exited = new Promise((r) => c.once('exit', r))
      c.kill('SIGTERM')
      await exited
    }
  })
})
