// The H5 build against the real server in Chromium: a worker records a resident's three install steps with a
// screenshot while offline; the record and its photo wait on the phone (待上传); a sync sends the record, then the
// photo (compressed on the phone); the village head sees the install rates move and can open the screenshot.
import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { imageSize } from 'image-size'
import type { Browser } from 'playwright-core'
import { MEDIA_MIN_SHORT_SIDE, MEDIA_TARGET_BYTES } from '../../src/core/schemas/media'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { fakeScreenshotPng } from '../helpers/fake-screenshot'

jest.setTimeout(120_000)

const GRID = 't1-v01-g1'
let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

interface InstallFigures {
  targetResidents: number
  installed: number
  realName: number
  warningOn: number
  installedPct: number
}

async function gridRow(token: string): Promise<InstallFigures> {
  const res = await api(server.url, 'GET', '/api/v1/coverage', { token })
  return res.body.rows.find((r: { areaId: string }) => r.areaId === GRID)
}

it('worker records an install with a screenshot offline; after sync the village head sees the rate move and the screenshot', async () => {
  const headToken = await loginAs(server.url, 'demo-t1-v01')
  const before = await gridRow(headToken)
  expect(before.installed).toBeDefined()

  // A resident of the target group (16–60) with no step recorded yet.
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const resident = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id', 'name'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .where('birth_year', '>=', year - 60)
    .where('birth_year', '<=', year - 16)
    .where('installed_on', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow()

  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, 'demo-t1-v01-g1')
  await page.getByText('待同步 0 条').waitFor()
  const screenshot = await fakeScreenshotPng(page, 7)
  expect(screenshot.length).toBeGreaterThan(MEDIA_TARGET_BYTES)

  await phone.setOffline(true)
  await page.locator(`#hh-${resident.household_id}`).click()
  const row = page.locator(`#res-${resident.id}:visible`)
  await expectText(row, '缺：安装、实名、预警')
  await row.scrollIntoViewIfNeeded()
  await snap(page, 'install-01-household-missing-steps')
  await row.click()
  await page.locator('#install-save:visible').waitFor()
  for (const step of ['installed', 'real_name', 'warning_on']) await page.locator(`#tick-${step}:visible`).click()
  await page.locator('#photo-picker-input').last().setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: screenshot })
  await page.locator('.fz-thumb:visible').first().waitFor()
  await snap(page, 'install-02-form-offline')
  await page.locator('#install-save:visible').click()

  // Saved on the phone: the steps count locally, the screenshot waits.
  const steps = page.locator('#resident-steps:visible')
  await expectText(steps, '三步均已完成')
  await expectText(steps, '本机记录')
  await page.locator('.fz-thumb__state--waiting:visible').first().waitFor()
  await expectText(page.locator('.fz-thumb__state--waiting:visible').first(), '待上传')
  await page.locator('.fz-thumb__state--waiting:visible').first().scrollIntoViewIfNeeded()
  await snap(page, 'install-03-saved-offline')

  await page.goBack()
  await expectText(page.locator(`#res-${resident.id}:visible`), '三步均已完成')
  await page.goBack()
  await page.getByText('待同步 1 条').waitFor()
  await expectText(page.locator('#sync-media-pending'), '待上传图片 1 张')
  await snap(page, 'install-04-record-and-photo-pending')

  // Back online: 同步 sends the record, then the photo.
  await phone.setOffline(false)
  await page.locator('#sync-now').click()
  await page.getByText('待同步 0 条').waitFor()
  await page.locator('#sync-media-pending').waitFor({ state: 'detached', timeout: 20_000 })
  await snap(page, 'install-05-synced')

  const stored = await server.db.kysely
    .selectFrom('records')
    .select(['id', 'body'])
    .where('kind', '=', 'install')
    .where('author_id', '=', 'u-t1-v01-g1')
    .execute()
  expect(stored).toHaveLength(1)
  // The stored column holds the whole record as the phone sent it.
  const { body } = JSON.parse(stored[0].body) as { body: { residentId: string; steps: unknown[]; screenshotShas: string[] } }
  expect(body.residentId).toBe(resident.id)
  expect(body.steps).toHaveLength(3)
  expect(body.screenshotShas).toHaveLength(1)
  const sha = body.screenshotShas[0]

  // Compressed on the phone: JPEG, legible (720 px across), within the target.
  const media = await server.db.kysely.selectFrom('media').selectAll().where('sha256', '=', sha).executeTakeFirstOrThrow()
  expect(media.mime).toBe('image/jpeg')
  expect(Number(media.bytes)).toBeLessThanOrEqual(MEDIA_TARGET_BYTES)
  expect(Math.min(Number(media.width), Number(media.height))).toBeGreaterThanOrEqual(MEDIA_MIN_SHORT_SIDE)

  // The village head: install rates moved, and the screenshot opens.
  const after = await gridRow(headToken)
  expect(after.installed).toBe(before.installed + 1)
  expect(after.realName).toBe(before.realName + 1)
  expect(after.warningOn).toBe(before.warningOn + 1)
  expect(after.installedPct).toBeGreaterThan(before.installedPct)

  const file = await fetch(`${server.url}/api/v1/media/${sha}`, { headers: { authorization: `Bearer ${headToken}` } })
  expect(file.status).toBe(200)
  expect(file.headers.get('content-type')).toContain('image/jpeg')
  const bytes = Buffer.from(await file.arrayBuffer())
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha)
  expect(imageSize(bytes)).toMatchObject({ width: 720, height: 1600 })
  fs.writeFileSync(path.join(path.resolve(__dirname, '../artifacts'), 'install-06-screenshot-as-uploaded.jpg'), bytes)

  // The worker's resident page now shows the server's dates.
  await page.locator(`#hh-${resident.household_id}`).click()
  await page.locator(`#res-${resident.id}:visible`).click()
  await expectText(page.locator('#resident-steps:visible'), '三步均已完成')
  expect(await page.locator('#resident-steps:visible').textContent()).not.toContain('本机记录')
  await page.waitForTimeout(500) // the page slide-in animation
  await snap(page, 'install-07-resident-after-sync')
  await phone.close()
})
