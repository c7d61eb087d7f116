// The H5 build against the real server in Chromium: a resident opens a signing link, reads 个人信息告知 (what, why, who,
// how long — the deployment's RETENTION_DAYS) before the name and signature fields, signs, and from the copy page
// asks to withdraw; the village head finds the request under 投诉建议 → 个人信息申请 with the pledge, withdraws it, and
// the resident sees the decision. The pledge stops counting and its signature file is gone.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { createSignLink } from '../../src/core/sign-link'
import { LocalDiskStore } from '../../server/src/blob/local-disk-store'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'

jest.setTimeout(180_000)

const MEDIA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-e2e-rights-'))
const HH = 't1-v01-g1-h005'
let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp({ config: { MEDIA_DIR, RETENTION_DAYS: 90 } }))
})
afterAll(async () => {
  await stopApp({ server, browser })
  fs.rmSync(MEDIA_DIR, { recursive: true, force: true })
})

const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`)

/** A zigzag across the signature pad with the mouse, as a finger would draw it. */
async function drawSignature(page: Page): Promise<void> {
  const pad = shown(page, '#signature-pad')
  await pad.scrollIntoViewIfNeeded()
  const box = await pad.boundingBox()
  if (!box) throw new Error('signature pad not visible')
  const points: [number, number][] = [0.1, 0.3, 0.5, 0.7, 0.9].map((x, i) => [box.x + box.width * x, box.y + box.height * (i % 2 ? 0.7 : 0.3)])
  await page.mouse.move(...points[0])
  await page.mouse.down()
  for (const p of points.slice(1)) await page.mouse.move(...p, { steps: 8 })
  await page.mouse.up()
}

it('a resident reads the notice, signs, asks to withdraw from the copy page; the village head withdraws the pledge', async () => {
  const worker = await loginAs(server.url, 'demo-t1-v01-g1')
  const get = (p: string) => api(server.url, 'GET', p, { token: worker })
  const [me, key, tpl] = await Promise.all([get('/api/v1/me'), get('/api/v1/me/link-key'), get('/api/v1/pledge-templates/current')])
  const token = createSignLink(key.body.linkKey, { u: me.body.id, h: HH, t: tpl.body.id, v: tpl.body.contentHash, iat: Date.now(), n: randomBytes(12).toString('base64url') })
  const pledgesBefore = (await server.db.kysely.selectFrom('households').select('pledge_count').where('id', '=', HH).executeTakeFirstOrThrow()).pledge_count

  // The notice comes before the name field, and names the period the deployment set.
  const page = await (await newPhone(browser)).newPage()
  await page.goto(`${server.url}/#/pages/sign/index?token=${token}`)
  const notice = shown(page, '#privacy-notice')
  await expectText(notice, '个人信息告知')
  await expectText(shown(page, '#privacy-what'), '手写签名')
  await expectText(shown(page, '#privacy-who'), '村（社区）')
  await expectText(shown(page, '#privacy-howLong'), '结束 90 天后')
  await expectText(shown(page, '#privacy-rights'), '撤回')
  const noticeY = (await notice.boundingBox())!.y
  const nameY = (await page.locator('#sign-name').boundingBox())!.y
  expect(noticeY).toBeLessThan(nameY)
  await notice.scrollIntoViewIfNeeded()
  await snap(page, 'data-rights-01-notice')

  await page.fill('#sign-name', '周桂兰')
  await drawSignature(page)
  await shown(page, '#sign-submit').click()
  await shown(page, '#sign-done').waitFor()
  await expectText(shown(page, '#privacy-notice'), '结束 90 天后')
  const pledge = await server.db.kysely.selectFrom('sign_links').select('record_id').executeTakeFirstOrThrow()
  const signature = JSON.parse((await server.db.kysely.selectFrom('records').select('body').where('id', '=', pledge.record_id).executeTakeFirstOrThrow()).body).body
    .signatureSha as string
  const blobs = new LocalDiskStore(MEDIA_DIR)
  expect(await blobs.has(signature)).toBe(true)

  // From the copy page: 投诉建议 → 个人信息 → 撤回.
  await shown(page, '#sign-feedback').click()
  await shown(page, '#fb-cat-personal_info').click()
  await shown(page, '#fb-req-withdraw').click()
  await expectText(shown(page, '.fz-fb__form'), '不再计入统计')
  await page.fill('#fb-text', '我不想再保留签名，申请撤回承诺书')
  await shown(page, '#fb-send').click()
  await expectText(shown(page, '.fz-fb__item'), '撤回个人信息')
  await expectText(shown(page, '.fz-fb__item'), '待处理')
  await snap(page, 'data-rights-02-withdraw-sent')
  const request = await server.db.kysely.selectFrom('feedback').select(['id', 'request_kind', 'record_id']).executeTakeFirstOrThrow()
  expect(request).toMatchObject({ request_kind: 'withdraw', record_id: pledge.record_id })

  // The village head handles it in the app.
  const head = await (await newPhone(browser)).newPage()
  await loginInBrowser(head, server.url, 'demo-t1-v01')
  await shown(head, '#open-feedback').click()
  await shown(head, '#fb-tab-requests').click()
  await expectText(shown(head, `#dr-pledge-${request.id}`), '周桂兰')
  await head.fill(`#dr-answer-${request.id}`, '已按您的要求撤回承诺书，签名和姓名已删除')
  await snap(head, 'data-rights-03-request-listed')
  await shown(head, `#dr-withdraw-${request.id}`).click()
  await expectText(shown(head, `#fb-status-of-${request.id}`), '已撤回')
  await expectText(shown(head, `#dr-pledge-${request.id}`), '已清除')
  await expectText(shown(head, `#dr-pledge-${request.id}`), '（已撤回）')
  await snap(head, 'data-rights-04-withdrawn')

  const household = await server.db.kysely.selectFrom('households').select('pledge_count').where('id', '=', HH).executeTakeFirstOrThrow()
  expect(household.pledge_count).toBe(pledgesBefore)
  expect(await blobs.has(signature)).toBe(false)
  const audit = await server.db.kysely.selectFrom('audit_log').select(['user_id', 'entity_id']).where('action', '=', 'data_request.withdraw').execute()
  expect(audit).toEqual([{ user_id: expect.any(String), entity_id: request.id }])

  // The resident sees the decision on the same page.
  await page.reload()
  await expectText(shown(page, `#fb-status-of-${request.id}`), '已撤回')
  await expectText(shown(page, `#fb-answer-text-${request.id}`), '已按您的要求撤回')
  await snap(page, 'data-rights-05-resident-sees-decision')
})
