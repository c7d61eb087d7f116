// The H5 build against the real server in Chromium, on a small phone (360×640): the visit form's 保存 stays on screen
// while the form scrolls, a refused save brings its first error ("请选择走访结果") into view, the household list keeps
// its order after a visit and filters 未走访 / 已走访, and the sync badge shows the photo upload (file n of m, the
// round's percent) while the files go up.
import type { Browser, Page } from 'playwright-core'
import { type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, snap, startApp, stopApp } from '../helpers/browser'
import { fakeScreenshotPng } from '../helpers/fake-screenshot'

jest.setTimeout(120_000)

const GRID = 't1-v01-g1'
const SCREEN = { width: 360, height: 640 }

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

async function smallPhone(): Promise<Page> {
  const context = await browser.newContext({ viewport: SCREEN, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return context.newPage()
}

/** The element's box lies wholly inside the 360×640 screen. */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox()
  return !!box && box.y >= 0 && box.y + box.height <= SCREEN.height && box.x >= 0 && box.x + box.width <= SCREEN.width
}

const rowIds = (page: Page) => page.locator('[id^="hh-"].fz-home__item').evaluateAll((els) => els.map((e) => e.id))

it('keeps 保存 on screen, scrolls the first error into view, and keeps the list’s order after a visit', async () => {
  const page = await smallPhone()
  await loginInBrowser(page, server.url, `demo-${GRID}`)
  await page.getByText('待同步 0 条').waitFor()
  const before = await rowIds(page)
  expect(before.length).toBeGreaterThan(3)
  const target = before[2].slice(3)

  await page.locator(`#hh-${target}`).click()
  await page.locator('#visit-new:visible').click()
  await page.locator('#visit-save:visible').waitFor()
  // The page slides in: let it settle before measuring.
  await page.waitForTimeout(600)
  // The form (about two screens long) scrolls, yet 保存 is on screen at its top and at its bottom.
  expect(await page.locator('.taro_page:visible .fz-visit').evaluate((e) => e.scrollHeight)).toBeGreaterThan(SCREEN.height * 1.5)
  expect(await onScreen(page, '#visit-save:visible')).toBe(true)
  await page.mouse.wheel(0, 2000)
  await page.waitForTimeout(300)
  expect(await onScreen(page, '#visit-save:visible')).toBe(true)
  // 走访结果 is at the top, now scrolled away: 保存 without one shows the message where the worker can read it.
  expect(await onScreen(page, '#outcome-met:visible')).toBe(false)
  await snap(page, 'forms-01-visit-bottom-360')
  await page.locator('#visit-save:visible').click()
  const error = page.locator('.fz-error:visible', { hasText: '请选择走访结果' })
  await error.waitFor()
  await page.waitForFunction(() => {
    // The DOM as far as this check needs it (the test's TypeScript has no DOM types; a string would need eval).
    type El = { textContent: string | null; getBoundingClientRect(): { top: number; bottom: number } }
    const w = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> }; innerHeight: number }
    const el = Array.from(w.document.querySelectorAll('.fz-error')).find((e) => e.textContent?.includes('请选择走访结果'))
    const r = el?.getBoundingClientRect()
    return !!r && r.top >= 0 && r.bottom <= w.innerHeight
  })
  expect(await onScreen(page, '.fz-error:visible')).toBe(true)
  await snap(page, 'forms-02-error-in-view-360')

  // 保存时记录一次位置 ticked: the H5 build gets no fix (Taro's H5 getLocation has no gcj02), yet the visit is saved
  // and the worker is told so in Chinese instead of the failure being swallowed.
  await page.locator('#visit-location-consent:visible').click()
  await page.locator('#outcome-met:visible').click()
  await page.locator('#visit-save:visible').click()
  await expectText(page.locator('.taro-modal__text:visible'), '走访已保存，本次没有记录位置。没有取得位置')
  await snap(page, 'forms-02b-visit-saved-without-location')
  await page.locator('.taro-modal__foot :text-is("确定"):visible').click()
  await page.locator('#visit-new:visible').waitFor()
  await page.goBack()
  await page.getByText('待同步 0 条').waitFor({ timeout: 20_000 })
  // The visit reached the server, without a position.
  const stored = await server.db.kysely.selectFrom('records').select('body').where('household_id', '=', target).where('kind', '=', 'visit').execute()
  expect(stored.map((r) => (JSON.parse(r.body) as { location?: unknown }).location ?? null)).toEqual([null])
  // The visited household keeps its row.
  expect(await rowIds(page)).toEqual(before)
  await expectText(page.locator(`#hh-${target}`), '今天走访')

  await page.locator('#hh-filter-done:visible').click()
  expect(await rowIds(page)).toEqual([`hh-${target}`])
  await page.locator('#hh-filter-todo:visible').click()
  expect(await rowIds(page)).toEqual(before.filter((id) => id !== `hh-${target}`).slice(0, 100))
  await snap(page, 'forms-03-list-filter-todo')
  await page.context().close()
})

it('shows the photo upload on the sync badge, file by file with the round’s percent', async () => {
  const page = await smallPhone()
  await loginInBrowser(page, server.url, `demo-${GRID}`)
  await page.getByText('待同步 0 条').waitFor()
  const photos = [await fakeScreenshotPng(page, 21, 720, 1280), await fakeScreenshotPng(page, 22, 720, 1280)]

  // Each chunk takes a while to arrive, as on one bar of signal.
  const puts: string[] = []
  await page.route('**/api/v1/media/*', async (route) => {
    if (route.request().method() === 'PUT') {
      puts.push(route.request().url())
      await new Promise((r) => setTimeout(r, 2500))
    }
    await route.continue()
  })

  const ids = await rowIds(page)
  await page.locator(`#${ids[4]}`).click()
  await page.locator('#visit-new:visible').click()
  await page.locator('#outcome-met:visible').click()
  await page.locator('#visit-photos-input').last().setInputFiles(photos.map((buffer, i) => ({ name: `p${i}.png`, mimeType: 'image/png', buffer })))
  await expect2Thumbs(page)
  await page.locator('#visit-save:visible').click()
  await page.locator('#visit-new:visible').waitFor()
  await page.goBack()

  const upload = page.locator('#sync-upload:visible')
  await expectText(upload, '第1/2张', 20_000)
  await expectText(page.locator('#sync-upload-overall'), '共 0%')
  await page.locator('#sync-badge:visible').scrollIntoViewIfNeeded()
  await snap(page, 'forms-04-upload-first')
  await expectText(upload, '第2/2张', 20_000)
  await expectText(page.locator('#sync-upload-overall'), '共 50%')
  // The bar's fill follows the round's percent.
  expect(await page.locator('.fz-sync__bar-fill').getAttribute('style')).toMatch(/width:\s*50%/)
  await snap(page, 'forms-05-upload-second')
  await upload.waitFor({ state: 'detached', timeout: 30_000 })
  await page.locator('#sync-media-pending').waitFor({ state: 'detached', timeout: 10_000 })
  expect(puts.length).toBeGreaterThanOrEqual(2)
  await expectText(page.locator('#sync-last'), '上次同步')
  await page.context().close()
})

it('keeps an official’s names on one line each beside the dashboard’s buttons at 360 px', async () => {
  const page = await smallPhone()
  await loginInBrowser(page, server.url, 'demo-t1')
  await page.locator('#open-roster-changes:visible').waitFor()
  await page.waitForTimeout(600)
  for (const id of ['#dash-area-name', '#dash-user-name']) {
    const box = (await page.locator(`${id}:visible`).boundingBox())!
    const lineHeight = await page.locator(`${id}:visible`).evaluate((e) => (e as unknown as { ownerDocument: { defaultView: { getComputedStyle(x: unknown): { lineHeight: string } } } }).ownerDocument.defaultView.getComputedStyle(e).lineHeight)
    expect(Math.round(box.height / parseFloat(lineHeight))).toBe(1)
  }
  // Every header button is wholly on screen (they wrap below the names instead of squeezing them).
  for (const id of ['#open-ranking', '#open-report', '#open-roster-changes', '#refresh']) expect(await onScreen(page, `${id}:visible`)).toBe(true)
  await snap(page, 'forms-06-official-header-360')
  await page.context().close()
})

async function expect2Thumbs(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } }).document.querySelectorAll('.fz-photos .fz-thumb').length === 2, undefined, { timeout: 20_000 })
}
