// The H5 build against the real server in Chromium: after the ranking job has back-filled the past weeks, a town
// official's dashboard draws the 按周趋势 chart (F2 on a canvas) with its legend.
import type { Browser } from 'playwright-core'
import { chinaWeekStart } from '../../src/core/china-time'
import type { TrendPoint } from '../../src/core/schemas/trend'
import { runMissedRankings } from '../../server/src/jobs/weekly-ranking'
import { api, loginAs, SMALL_COUNTY, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

const DAY = 86_400_000
let server: TestServer
let browser: Browser
let clock = Date.now()

beforeAll(async () => {
  const thisWeek = chinaWeekStart(Date.now())
  ;({ server, browser } = await startApp({ seed: { ...SMALL_COUNTY, now: thisWeek - 21 * DAY }, now: () => clock }))
  // Two weeks ago t1-v01 visits 4 households, last week 8 more: its coverage line rises 25% → 75%.
  for (const [weeksAgo, from, n] of [[2, 0, 4], [1, 4, 8]] as const) {
    clock = thisWeek - weeksAgo * 7 * DAY + 2 * DAY + 10 * 3600_000
    const hh = await server.db.kysely.selectFrom('households').select(['id', 'grid_id']).where('village_id', '=', 't1-v01').orderBy('id').execute()
    for (const grid of ['t1-v01-g1', 't1-v01-g2']) {
      const mine = hh.slice(from, from + n).filter((h) => h.grid_id === grid)
      if (!mine.length) continue
      const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: await loginAs(server.url, `demo-${grid}`), body: { records: mine.map((h) => visitRecord(h.id)) } })
      expect(res.status).toBe(200)
    }
  }
  clock = Date.now()
  const runs = await runMissedRankings(server.db, thisWeek)
  expect(runs.length).toBeGreaterThanOrEqual(2)
})
afterAll(() => stopApp({ server, browser }))

type PixelCanvas = { width: number; height: number; getContext(type: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } }

/** Runs in the page: pixels of the canvas that are drawn on, and those in the 入户宣传率 line's red (#b71c1c). */
function canvasPixels(el: unknown): { drawn: number; red: number; width: number } {
  const canvas = el as PixelCanvas
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
  let drawn = 0
  let red = 0
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue
    drawn++
    if (data[i] > 150 && data[i + 1] < 80 && data[i + 2] < 80) red++
  }
  return { drawn, red, width: canvas.width }
}

it('town official sees the weekly trend drawn on the dashboard', async () => {
  const town = await loginAs(server.url, 'demo-t1')
  const trend = await api(server.url, 'GET', '/api/v1/trend?areaId=t1&weeks=4', { token: town })
  const coverage = trend.body.points.map((p: TrendPoint) => p.indicators?.visit_coverage?.pct ?? null)
  expect(coverage.slice(-3)).toEqual([12.5, 37.5, 37.5]) // 4, then 12 of t1's 32 households; this week live

  const page = await (await newPhone(browser)).newPage()
  await loginInBrowser(page, server.url, 'demo-t1')
  await page.locator('#trend-canvas:visible').waitFor()
  await expectText(page.locator('#trend-legend:visible'), '入户宣传率')
  await expectText(page.locator('#trend-legend:visible'), '承诺书签署率')
  await expectText(page.locator('#trend-legend:visible'), 'APP安装率（16–60周岁）')
  // F2 draws once the trend has loaded; poll until the canvas has ink.
  const canvas = page.locator('#trend-canvas:visible')
  let pixels = await canvas.evaluate(canvasPixels)
  for (let i = 0; i < 50 && pixels.drawn === 0; i++) {
    await page.waitForTimeout(100)
    pixels = await canvas.evaluate(canvasPixels)
  }
  // Drawn at the phone's pixel ratio (2) across the card; axes, labels and three lines, the red one rising.
  expect(pixels.width).toBeGreaterThan(500)
  expect(pixels.drawn).toBeGreaterThan(5000)
  expect(pixels.red).toBeGreaterThan(200)
  expect(await page.locator('#trend-empty:visible').count()).toBe(0)
  await page.locator('#dash-trend:visible').scrollIntoViewIfNeeded()
  await snap(page, 'trend-01-town-dashboard')
  await page.context().close()
})
