// The H5 build against the real server in Chromium: the two ways a household signs the pledge (承诺书, 一式两份).
// (a) On the worker's phone, offline: the resident signs with a finger (the mouse here), gets the 居民留存联 as a
//     PNG, and the pledge reaches the server at the next sync. (b) On the resident's own phone: the worker shows a
//     QR code, the resident opens the link with no login, signs, downloads the copy, and the worker's next sync
//     shows the pledge. Used and expired links are refused in Chinese.
import fs from 'node:fs'
import path from 'node:path'
import { imageSize } from 'image-size'
import type { Browser, Download, Locator, Page } from 'playwright-core'
import { createSignLink } from '../../src/core/sign-link'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { ARTIFACTS, expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'

jest.setTimeout(180_000)

const GRID = 't1-v01-g1'
const WORKER = 'demo-t1-v01-g1'
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

async function households(n: number) {
  return server.db.kysely
    .selectFrom('households')
    .select(['id', 'doorplate'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .limit(n)
    .execute()
}

/** A zigzag across the signature pad with the mouse, as a finger would draw it. */
async function drawSignature(page: Page): Promise<void> {
  const pad = page.locator('#signature-pad:visible')
  await pad.scrollIntoViewIfNeeded()
  const box = await pad.boundingBox()
  if (!box) throw new Error('signature pad not visible')
  const at = (x: number, y: number) => [box.x + box.width * x, box.y + box.height * y] as const
  const points = [at(0.12, 0.6), at(0.24, 0.28), at(0.36, 0.72), at(0.5, 0.3), at(0.62, 0.66), at(0.76, 0.36), at(0.88, 0.55)]
  await page.mouse.move(...points[0])
  await page.mouse.down()
  for (const p of points.slice(1)) await page.mouse.move(...p, { steps: 8 })
  await page.mouse.up()
}

/** The download as bytes, after checking it is a PNG of the copy (750 px wide, taller than wide). */
async function pngOf(download: Download, name: string): Promise<Buffer> {
  expect(download.suggestedFilename()).toMatch(/\.png$/)
  const file = path.join(ARTIFACTS, name)
  await download.saveAs(file)
  const bytes = fs.readFileSync(file)
  expect(bytes.subarray(0, 8).equals(PNG_MAGIC)).toBe(true)
  const size = imageSize(bytes)
  expect(size.width).toBe(750)
  expect(size.height).toBeGreaterThan(size.width)
  return bytes
}

/**
 * Screenshots wait for Taro's page slide-in to end (the page holding `anchor` is at the left edge), or they catch
 * the page half off screen.
 */
async function shot(page: Page, name: string, anchor: Locator): Promise<void> {
  let last = NaN
  await until(async () => {
    const x = (await anchor.boundingBox())?.x ?? NaN
    const still = Math.abs(x - last) < 0.5
    last = x
    return still && x >= 0 && x < 40 ? true : undefined
  }, `${name}: page in place`)
  await snap(page, name)
}

async function syncFromHome(page: Page): Promise<void> {
  await page.locator('#sync-now:visible').click()
  await page.getByText('待同步 0 条').waitFor()
}

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

it('(a) a worker signs a pledge on the phone offline; the copy downloads; the pledge reaches the server at sync', async () => {
  const [h] = await households(1)
  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, WORKER)
  await page.getByText('待同步 0 条').waitFor()

  await page.locator(`#hh-${h.id}`).click()
  await page.locator('#pledge-on-device:visible').waitFor()
  await expectText(page.locator('#pledge-count:visible'), '尚未收到')
  await shot(page, 'pledge-01-household', page.locator('#pledge-count:visible'))

  await phone.setOffline(true)
  await page.locator('#pledge-on-device:visible').click()
  await page.locator('#pledge-text:visible').waitFor()
  await expectText(page.locator('#pledge-text:visible'), '承诺')
  await shot(page, 'pledge-02-sign-form', page.locator('#pledge-text:visible'))

  // Nothing filled in: both the name and the empty pad are refused, in Chinese.
  await page.locator('#pledge-submit:visible').click()
  await page.getByText('请填写签名人姓名').waitFor()
  await page.getByText('还没有签名').waitFor()
  await shot(page, 'pledge-03-sign-form-refused', page.locator('#pledge-submit:visible'))

  const resident = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'name'])
    .where('household_id', '=', h.id)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  await page.locator(`#signer-${resident.id}:visible`).click()
  expect(await page.locator('#signer-name:visible').inputValue()).toBe(resident.name)
  await drawSignature(page)
  await shot(page, 'pledge-04-signed-before-submit', page.locator('#pledge-submit:visible'))

  // The pad has no 确定 of its own: 确认签署 takes the drawing as it is. A double tap stores one pledge: the record
  // id was made when the form opened.
  await page.locator('#pledge-submit:visible').dblclick()
  await page.locator('#pledge-done:visible').waitFor()
  const code = (await page.locator('#copy-code:visible').textContent())!.trim()
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
  await expectText(page.locator('#copy-signer:visible'), resident.name)
  await shot(page, 'pledge-05-resident-copy-on-phone', page.locator('#pledge-copy:visible'))

  const downloaded = page.waitForEvent('download')
  await page.locator('#copy-download:visible').click()
  await pngOf(await downloaded, 'pledge-06-copy-worker-device.png')
  await page.locator('#copy-image:visible').waitFor()

  await page.locator('#pledge-finish:visible').click()
  const item = page.locator('#pledge-section:visible [id^="pledge-"]').filter({ hasText: resident.name })
  await expectText(item, '待同步')
  await expectText(item, code)
  await shot(page, 'pledge-07-household-pending', page.locator('#pledge-count:visible'))

  // Still offline, the copy can be shown again from the household page, signature picture included.
  await item.click()
  await expectText(page.locator('#copy-code:visible'), code)
  const sig = page.locator('#pledge-copy:visible .fz-copy__sig img')
  await until(async () => ((await sig.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) > 0 ? true : undefined), 'the signature picture')
  await shot(page, 'pledge-07b-copy-again-offline', page.locator('#pledge-copy:visible'))
  await page.goBack()
  await page.locator('#pledge-count:visible').waitFor()

  await phone.setOffline(false)
  await page.goBack()
  await syncFromHome(page)

  const stored = await server.db.kysely
    .selectFrom('pledges as p')
    .innerJoin('records as r', 'r.id', 'p.record_id')
    .select(['p.record_id', 'p.signer_name', 'p.verification_code', 'p.template_id', 'r.body', 'r.author_id'])
    .where('p.household_id', '=', h.id)
    .execute()
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({ signer_name: resident.name, verification_code: code, author_id: 'u-t1-v01-g1' })
  const body = JSON.parse(stored[0].body).body
  expect(body).toMatchObject({ channel: 'worker_device', residentId: resident.id, templateId: stored[0].template_id })

  // The signature follows the record: the PNG the pad drew, 600×300, uploaded from the phone's media store.
  const media = await until(
    () => server.db.kysely.selectFrom('media').selectAll().where('sha256', '=', body.signatureSha).executeTakeFirst(),
    'the signature upload',
  )
  expect(media).toMatchObject({ mime: 'image/png', width: 600, height: 300 })
  expect(media.bytes).toBeLessThan(60 * 1024)

  await page.locator(`#hh-${h.id}`).click()
  await expectText(page.locator('#pledge-count:visible'), '已签署 1 人')
  await shot(page, 'pledge-08-household-synced', page.locator('#pledge-count:visible'))
  await phone.close()
})

it('(b) a resident signs on their own phone from the QR link, downloads the copy; the worker sees it after sync', async () => {
  const [, h] = await households(2)
  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, WORKER)
  await page.getByText('待同步 0 条').waitFor()
  await page.locator(`#hh-${h.id}`).click()
  await page.locator('#pledge-by-link:visible').click()
  await page.locator('#sign-qr:visible').waitFor()
  await expectText(page.locator('#sign-expires:visible'), '有效期至')
  // The QR picture is a real image, not a broken one.
  expect(await page.locator('#sign-qr:visible img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100)
  const link = (await page.locator('#sign-link-url:visible').textContent())!.trim()
  expect(link.startsWith(`${server.url}/sign.html#/pages/sign/index?token=`)).toBe(true)
  await shot(page, 'pledge-09-link-qr', page.locator('#copy-link:visible'))

  // The resident's phone: a separate browser with no session at all.
  const residentPhone = await newPhone(browser)
  const rp = await residentPhone.newPage()
  await rp.goto(link)
  await expectText(rp.locator('#sign-doorplate'), h.doorplate)
  await rp.locator('#pledge-text').waitFor()
  await shot(rp, 'pledge-10-resident-page', rp.locator('#sign-doorplate'))

  await rp.locator('#sign-submit').click()
  await rp.getByText('请填写您的姓名').waitFor()
  await rp.fill('#sign-name', '王秀英')
  await drawSignature(rp)
  await shot(rp, 'pledge-11-resident-signed-before-submit', rp.locator('#sign-submit'))
  // The one primary button: 提交签署 takes the drawing as it is.
  await rp.locator('#sign-submit').click()
  await rp.locator('#sign-done').waitFor()
  const code = (await rp.locator('#copy-code').textContent())!.trim()
  await expectText(rp.locator('#copy-signer'), '王秀英')
  await shot(rp, 'pledge-12-resident-copy', rp.locator('#pledge-copy'))

  const downloaded = rp.waitForEvent('download')
  await rp.locator('#copy-download').click()
  await pngOf(await downloaded, 'pledge-13-copy-resident-link.png')
  await rp.locator('#copy-image').waitFor()
  await shot(rp, 'pledge-14-resident-copy-downloaded', rp.locator('#copy-download'))

  // The same link again: refused, in Chinese.
  const again = await residentPhone.newPage()
  await again.goto(link)
  await expectText(again.locator('#sign-error'), '已使用过')
  await shot(again, 'pledge-15-link-used', again.locator('#sign-error'))

  // An expired link (made with the worker's own key, issued eight days ago).
  const token = await loginAs(server.url, WORKER)
  const { linkKey } = (await api(server.url, 'GET', '/api/v1/me/link-key', { token })).body as { linkKey: string }
  const t = (await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=1', { token })).body.templates[0]
  const old = Date.now() - 8 * 86_400_000
  const expired = createSignLink(linkKey, { u: 'u-t1-v01-g1', h: h.id, t: t.id, v: t.contentHash, iat: old, n: 'e2e-expired-nonce' })
  await again.goto(`${server.url}/#/pages/sign/index?token=${expired}`)
  await expectText(again.locator('#sign-error'), '已过期')
  await shot(again, 'pledge-16-link-expired', again.locator('#sign-error'))
  await residentPhone.close()

  const stored = await server.db.kysely
    .selectFrom('pledges as p')
    .innerJoin('records as r', 'r.id', 'p.record_id')
    .select(['p.signer_name', 'p.verification_code', 'r.body'])
    .where('p.household_id', '=', h.id)
    .execute()
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({ signer_name: '王秀英', verification_code: code })
  expect(JSON.parse(stored[0].body).body.channel).toBe('resident_link')

  // The worker's next sync shows it on the household page.
  await page.goBack() // household
  await page.goBack() // home
  await syncFromHome(page)
  await page.locator(`#hh-${h.id}`).click()
  await expectText(page.locator('#pledge-count:visible'), '已签署 1 人')
  await shot(page, 'pledge-17-household-after-resident-signed', page.locator('#pledge-count:visible'))
  await phone.close()
})
