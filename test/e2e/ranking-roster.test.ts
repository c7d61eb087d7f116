// The H5 build against the real server in Chromium: a town official opens 排名通报 for the week just ended, sees
// the villages in the stored order, downloads the printable ranking and, from a village's dashboard, that
// village's install roster; both downloads are parsed back with exceljs.
import fs from 'node:fs'
import ExcelJS from 'exceljs'
import type { Browser, Download, Page } from 'playwright-core'
import { chinaWeekStart } from '../../src/core/china-time'
import { chinaDate } from '../../src/core/targets'
import { runWeeklyRanking } from '../../server/src/jobs/weekly-ranking'
import { api, loginAs, SMALL_COUNTY, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { newId, visitRecord } from '../helpers/records'
import { makeJpeg, sha256 } from '../helpers/images'

jest.setTimeout(120_000)

const DAY = 86_400_000
let server: TestServer
let browser: Browser
let clock = Date.now()
let resident: { id: string; household_id: string; name: string }
let weekStart: string

beforeAll(async () => {
  // The households exist from before last week, so they count in its ranking.
  const lastWeek = chinaWeekStart(Date.now()) - 7 * DAY
  ;({ server, browser } = await startApp({ seed: { ...SMALL_COUNTY, now: lastWeek - 7 * DAY }, now: () => clock }))

  // Last Wednesday (China time): t1-v01 visits all 8 households of g1 and records an install; t1-v02 visits 2.
  weekStart = chinaDate(lastWeek)
  clock = lastWeek + 2 * DAY + 10 * 3600_000
  const day = chinaDate(clock)
  const year = Number(day.slice(0, 4))
  resident = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id', 'name'])
    .where('grid_id', '=', 't1-v01-g1')
    .where('deleted_at', 'is', null)
    .where('birth_year', '>=', year - 60)
    .where('birth_year', '<=', year - 16)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  for (const [grid, n] of [['t1-v01-g1', 8], ['t1-v02-g1', 2]] as const) {
    const token = await loginAs(server.url, `demo-${grid}`)
    const hh = await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', grid).orderBy('id').limit(n).execute()
    const records: unknown[] = hh.map((h) => visitRecord(h.id))
    if (grid === 't1-v01-g1') {
      records.push({
        id: newId(),
        kind: 'install',
        householdId: resident.household_id,
        replaces: null,
        deviceId: 'dev',
        createdAt: new Date(clock).toISOString(),
        body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: day }, { step: 'real_name', doneOn: day }], screenshotShas: [sha256(makeJpeg(64, 64, { seed: 5 }))], notes: '' },
      })
    }
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
    expect(res.status).toBe(200)
    expect(res.body.results.filter((r: { status: string }) => r.status !== 'stored')).toEqual([])
  }
  clock = Date.now()
  expect(await runWeeklyRanking(server.db, clock)).toMatchObject({ week: weekStart, ran: true })
})
afterAll(() => stopApp({ server, browser }))

async function downloaded(page: Page, selector: string): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.locator(selector).click()])
  const p = await file.path()
  return { file, bytes: fs.readFileSync(p!) }
}

async function sheet(bytes: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  return wb.worksheets[0]
}

it('town official reads the ranking, downloads it, and downloads a village roster', async () => {
  const town = await loginAs(server.url, 'demo-t1')
  const ranking = await api(server.url, 'GET', '/api/v1/rankings', { token: town })
  expect(ranking.body.weekStart).toBe(weekStart)
  const first = ranking.body.rows[0]
  expect(ranking.body.rows.map((r: { areaId: string; rank: number }) => [r.areaId, r.rank])).toEqual([['t1-v01', 1], ['t1-v02', 2]])
  expect(first.score).toBeGreaterThan(ranking.body.rows[1].score)

  const page = await (await newPhone(browser)).newPage()
  await loginInBrowser(page, server.url, 'demo-t1')
  await page.locator('#row-t1-v01').waitFor()
  // The 目标 card under the summary.
  const target = page.locator('[id^="target-"]:visible').first()
  await target.waitFor()
  expect(await target.textContent()).toMatch(/已达标|进度正常|落后/)
  await snap(page, 'ranking-01-town-dashboard')

  await page.locator('#open-ranking:visible').click()
  const row = page.locator(`#rank-row-${first.areaId}:visible`)
  await row.waitFor()
  await expectText(row, first.name)
  expect((await page.locator('[id^="rank-row-"]:visible .fz-rank__no').allTextContents()).map(Number)).toEqual(ranking.body.rows.map((r: { rank: number }) => r.rank))
  await expectText(page.locator('#rank-week:visible'), weekStart)
  await page.waitForTimeout(400)
  await snap(page, 'ranking-02-table')

  const rankFile = await downloaded(page, '#download-ranking:visible')
  expect(rankFile.file.suggestedFilename()).toMatch(/^排名通报_.+\.xlsx$/)
  const rs = await sheet(rankFile.bytes)
  expect(String(rs.getCell('A1').value)).toContain('各村（社区）反诈宣传工作排名通报')
  expect(ranking.body.rows.map((_: unknown, i: number) => rs.getCell(`B${4 + i}`).value)).toEqual(ranking.body.rows.map((r: { name: string }) => r.name))
  expect(rs.getCell('C4').value).toBeCloseTo(first.indicators.visit_coverage.pct / 100, 5)

  // 上一周 has no ranking yet: a message, and 下一周 comes back.
  await page.locator('#rank-prev:visible').click()
  await expectText(page.locator('#rank-error:visible'), '尚未生成')
  await page.locator('#rank-next:visible').click()
  await row.waitFor()

  // A row opens that village's dashboard, which offers last week's roster.
  await row.click()
  await page.locator('#download-roster:visible').waitFor()
  await page.locator('#download-roster:visible').scrollIntoViewIfNeeded()
  await page.waitForTimeout(400)
  await snap(page, 'ranking-03-village-dashboard')
  const rosterFile = await downloaded(page, '#download-roster:visible')
  expect(rosterFile.file.suggestedFilename()).toMatch(/^花名册_.+\.xlsx$/)
  const ws = await sheet(rosterFile.bytes)
  expect(String(ws.getCell('A1').value)).toContain('国家反诈中心APP推广安装注册花名册')
  const names: string[] = []
  for (let i = 3; i <= ws.rowCount; i++) if (ws.getCell(i, 6).value) names.push(String(ws.getCell(i, 6).value))
  expect(names).toEqual([resident.name])
  expect(ws.getCell(3, 9).value).toBe(chinaDate(chinaWeekStart(Date.now()) - 5 * DAY))

  const zip = await downloaded(page, '#download-roster-zip:visible')
  expect(zip.file.suggestedFilename()).toMatch(/\.zip$/)
  expect(zip.bytes.subarray(0, 2).toString()).toBe('PK')
  await page.context().close()
})
