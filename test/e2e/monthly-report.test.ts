// The H5 build against the real server in Chromium: a town official opens 月报 from the dashboard (the current month
// by default), edits the 工作总结, picks a photo and downloads the .docx, which is unzipped and read back.
import fs from 'node:fs'
import type { Browser } from 'playwright-core'
import { chinaMonth, monthLabel, parseMonth } from '../../src/core/monthly-report'
import { api, loginAs, SMALL_COUNTY, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { visitRecord } from '../helpers/records'
import { makeJpeg, sha256 } from '../helpers/images'
import { docxContent } from '../helpers/docx-text'

jest.setTimeout(90_000)

const DAY = 86_400_000
const PHOTO = makeJpeg(480, 360, { seed: 11 })
let server: TestServer
let browser: Browser
let clock = Date.now()
const month = chinaMonth(Date.now())

beforeAll(async () => {
  const { start } = parseMonth(month)!
  ;({ server, browser } = await startApp({ seed: { ...SMALL_COUNTY, now: start - 7 * DAY }, now: () => clock }))
  // Earlier this month: t1-v01-g1 visits 3 households, the first with a photo.
  clock = Math.max(start + 60_000, Date.now() - 3600_000)
  const token = await loginAs(server.url, 'demo-t1-v01-g1')
  const put = await fetch(`${server.url}/api/v1/media/${sha256(PHOTO)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(PHOTO.length) },
    body: PHOTO,
  })
  expect(put.status).toBe(200)
  const hh = await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', 't1-v01-g1').orderBy('id').limit(3).execute()
  const when = new Date(clock).toISOString()
  const records = hh.map((h, i) => {
    const r = visitRecord(h.id, 'met', { createdAt: when })
    return { ...r, body: { ...r.body, visitedAt: when, ...(i === 0 ? { photoShas: [sha256(PHOTO)] } : {}) } }
  })
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.status).toBe(200)
  clock = Date.now()
})
afterAll(() => stopApp({ server, browser }))

it('town official edits this month’s report, picks a photo and downloads the .docx', async () => {
  const page = await (await newPhone(browser)).newPage()
  await loginInBrowser(page, server.url, 'demo-t1')
  await page.locator('#open-report:visible').waitFor()
  await snap(page, 'report-00-dashboard')
  await page.locator('#open-report:visible').click()
  await expectText(page.locator('#report-title:visible'), `反诈宣传工作月报（${monthLabel(month)}）`)
  await expectText(page.locator('#report-line-visited:visible'), '3')
  await expectText(page.locator('#report-line-visitPct:visible'), '↑')
  // The page slides in: let it settle before the picture.
  await page.waitForTimeout(400)
  await snap(page, 'report-01-figures')

  const summary = page.locator('#report-summary')
  expect(await summary.inputValue()).toContain('本月共走访住户3户次')
  const edited = '本月组织网格员逐户上门宣传，群众反响良好。（镇综治办审核）'
  await summary.fill(edited)
  const photo = page.locator(`#report-photo-${sha256(PHOTO).slice(0, 12)}:visible`)
  await photo.click()
  await page.locator('.fz-report__tick:visible').waitFor()
  await snap(page, 'report-02-edited')

  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.locator('#report-download:visible').click()])
  expect(download.suggestedFilename()).toMatch(/反诈宣传工作月报_\d{6}\.docx$/)
  const doc = await docxContent(fs.readFileSync((await download.path())!))
  expect(doc.paragraphs[0]).toMatch(new RegExp(`反诈宣传工作月报（${monthLabel(month)}）$`))
  expect(doc.paragraphs).toContain(edited)
  expect(doc.paragraphs.join('\n')).not.toContain('本月共走访住户')
  expect(doc.media).toHaveLength(1)
  await page.context().close()
})
