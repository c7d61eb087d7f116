// The H5 build against the real server in Chromium: a worker's installs for two residents carry the same screenshot
// file, so the server flags both (截图重复使用). The village head sees 待核查 on the dashboard, opens 核查队列, sees
// the two pictures side by side, marks one 不属实 with a reason, and back on the dashboard the village's install
// figure has dropped; the record's history shows the decision. A visit resent with other content shows both versions
// side by side, and 以新版本为准 makes the second one count as a correction.
import type { Browser, Page } from 'playwright-core'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { makeJpeg, sha256 } from '../helpers/images'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(120_000)

/** The bits of an <img> the checks read (the test's tsconfig has no DOM types). */
type Img = { complete: boolean; naturalWidth: number }

const GRID = 't1-v01-g1'
const VILLAGE = 't1-v01'
let server: TestServer
let browser: Browser
const installs: string[] = []
let sha = ''

beforeAll(async () => {
  ;({ server, browser } = await startApp())
  const worker = await loginAs(server.url, `demo-${GRID}`)
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const residents = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .where('installed_on', 'is', null)
    .where('birth_year', '>=', year - 60)
    .where('birth_year', '<=', year - 16)
    .orderBy('id')
    .limit(2)
    .execute()
  expect(residents).toHaveLength(2)
  const shot = makeJpeg(720, 1280, { seed: 11, noise: 0.3 })
  sha = sha256(shot)
  const today = new Date().toISOString().slice(0, 10)
  // One push each, as two visits on two days would send them: the second finds the first's file.
  for (const r of residents) {
    const id = newId()
    const record = {
      id,
      kind: 'install',
      householdId: r.household_id,
      replaces: null,
      deviceId: 'dev',
      createdAt: new Date().toISOString(),
      body: { residentId: r.id, steps: [{ step: 'installed', doneOn: today }], screenshotShas: [sha], notes: '' },
    }
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records: [record] } })
    expect(res.body.results[0].status).toBe('stored')
    installs.push(id)
  }
  const put = await fetch(`${server.url}/api/v1/media/${sha}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(shot.length) },
    body: shot,
  })
  expect(put.status).toBe(200)
  // The automatic flag, not a test shortcut, put both in the queue.
  const states = await server.db.kysely.selectFrom('records').select('review_state').where('id', 'in', installs).execute()
  expect(states.map((s) => s.review_state)).toEqual(['flagged', 'flagged'])
})
afterAll(() => stopApp({ server, browser }))

async function villageInstalled(): Promise<number> {
  const res = await api(server.url, 'GET', `/api/v1/coverage?areaId=${VILLAGE}`, { token: await loginAs(server.url, `demo-${VILLAGE}`) })
  return res.body.area.installed
}

/** The 安装 percentage the dashboard shows for the village. */
async function shownInstallPct(page: Page): Promise<number> {
  const text = (await page.locator('#dash-installs').textContent()) ?? ''
  const m = /安装 ([\d.]+)%/.exec(text)
  if (!m) throw new Error(`no install rate in "${text}"`)
  return Number(m[1])
}

async function imageLoaded(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((s) => {
    const img = (globalThis as unknown as { document: { querySelector(sel: string): Img | null } }).document.querySelector(s)
    return !!img && img.complete && img.naturalWidth > 0
  }, selector)
}

it('village head marks a reused screenshot 不属实 from the queue and the village install figure drops', async () => {
  const installedBefore = await villageInstalled()
  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, `demo-${VILLAGE}`)
  await expectText(page.locator('#dash-review-counts'), '待核查 2 条')
  const pctBefore = await shownInstallPct(page)
  await snap(page, 'review-01-dashboard-with-queue')

  await page.locator('#open-review').click()
  const [first, second] = installs
  const item = page.locator(`#review-item-${second}`)
  await expectText(item, '截图重复使用')
  await expect(page.locator(`#review-village-${VILLAGE} #review-item-${first}`).count()).resolves.toBe(1)
  // Oldest first.
  const order = await page.locator('[id^="review-item-"]').evaluateAll((els) => els.map((e) => (e as unknown as { id: string }).id))
  expect(order.indexOf(`review-item-${first}`)).toBeLessThan(order.indexOf(`review-item-${second}`))
  await snap(page, 'review-02-queue')

  await item.click()
  await expectText(page.locator('#review-record'), '同一个文件')
  const pair = page.locator('#review-pair')
  await imageLoaded(page, '#review-pair .fz-review__pic:nth-child(1) img')
  await imageLoaded(page, '#review-pair .fz-review__pic:nth-child(2) img')
  await expect(pair.locator('img').count()).resolves.toBe(2)
  await expectText(pair, '另一条记录的截图')
  await snap(page, 'review-03-pictures-side-by-side')

  // 不属实 needs a reason.
  await page.locator('#review-false').click()
  await expectText(page.locator('#review-error'), '请先写明说明')
  await page.locator('#review-comment').fill('电话核实：居民称未安装，截图是别人的')
  await page.locator('#review-false').click()
  await page.locator('.taro-modal__foot :text-is("确定"):visible').click()
  await expectText(page.locator('#review-state'), '不属实')
  await expectText(page.locator('#review-history'), '电话核实：居民称未安装')
  await page.locator('#review-undo').waitFor()
  await snap(page, 'review-04-marked-false')
  expect(await villageInstalled()).toBe(installedBefore - 1)

  // Back to the list: the record is gone from it; back to the dashboard: the figure has dropped.
  await page.locator('#review-back').click()
  await page.locator(`#review-item-${first}`).waitFor()
  await page.locator(`#review-item-${second}`).waitFor({ state: 'detached' })
  await page.goBack()
  await expectText(page.locator('#dash-review-counts'), '待核查 1 条')
  const deadline = Date.now() + 10_000
  while ((await shownInstallPct(page)) >= pctBefore && Date.now() < deadline) await page.waitForTimeout(200)
  expect(await shownInstallPct(page)).toBeLessThan(pctBefore)
  await page.locator('#dash-installs').scrollIntoViewIfNeeded()
  await page.waitForTimeout(500) // the page slide-in animation
  await snap(page, 'review-05-dashboard-after')
  await phone.close()
})

it('village head sees a conflicting resend side by side and takes the new version', async () => {
  const worker = await loginAs(server.url, `demo-${GRID}`)
  const household = await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id', 'desc').executeTakeFirstOrThrow()
  const visit = visitRecord(household.id, 'met')
  const resend = { ...visit, body: { ...(visit.body as object), outcome: 'not_home', peopleMet: 0 } }
  for (const [records, status] of [[visit, 'stored'], [resend, 'conflict']] as const) {
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records: [records] } })
    expect(res.body.results[0].status).toBe(status)
  }

  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, `demo-${VILLAGE}`)
  await expectText(page.locator('#dash-review-counts'), '内容不一致 1 条')
  await page.locator('#open-review').click()
  const card = page.locator(`#review-conflict-${visit.id}`)
  await expectText(card, '原记录')
  await expectText(card, '新版本')
  const differing = card.locator('.fz-review__line--differs', { hasText: '走访结果' })
  await expectText(differing, '见面宣传')
  await expectText(differing, '不在家')
  await card.scrollIntoViewIfNeeded()
  await snap(page, 'review-06-conflict-side-by-side')

  await page.locator(`#review-conflict-second-${visit.id}`).click()
  await expectText(page.locator('#review-notice'), '以新版本为准')
  await card.waitFor({ state: 'detached' })
  const correction = await server.db.kysely.selectFrom('records').select(['outcome', 'author_id']).where('replaces_id', '=', visit.id).executeTakeFirstOrThrow()
  expect(correction).toEqual({ outcome: 'not_home', author_id: `u-${GRID}` })
  await phone.close()
})
