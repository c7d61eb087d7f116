// The H5 build against the real server in Chromium: a village head drills from the coverage dashboard into a grid
// and one household and sees the evidence (the install screenshot loads through the authenticated download), and
// from a grid nobody has covered yet to a household that was never visited.
import type { Browser, Page } from 'playwright-core'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { makeJpeg, sha256 } from '../helpers/images'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(120_000)

/** The bits of an <img> the checks read (the test's tsconfig has no DOM types). */
type Img = { complete: boolean; naturalWidth: number }

const GRID = 't1-v01-g1'
const LOW_GRID = 't1-v01-g2'
let server: TestServer
let browser: Browser
let resident: { id: string; household_id: string; name: string }

beforeAll(async () => {
  ;({ server, browser } = await startApp())

  // The grid's worker has recorded an install with a screenshot, a visit and a pledge for one household.
  const worker = await loginAs(server.url, 'demo-t1-v01-g1')
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  resident = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id', 'name'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .where('birth_year', '>=', year - 60)
    .where('birth_year', '<=', year - 16)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  const shot = makeJpeg(720, 1280, { seed: 3, noise: 0.3 })
  const sha = sha256(shot)
  const template = await server.db.kysely.selectFrom('pledge_templates').select(['id', 'content_hash']).orderBy('version', 'desc').executeTakeFirstOrThrow()
  const at = new Date().toISOString()
  const envelope = { householdId: resident.household_id, replaces: null, deviceId: 'dev', createdAt: at }
  const pushed = await api(server.url, 'POST', '/api/v1/sync/push', {
    token: worker,
    body: {
      records: [
        visitRecord(resident.household_id, 'met'),
        {
          ...envelope,
          id: newId(),
          kind: 'install',
          body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: at.slice(0, 10) }, { step: 'real_name', doneOn: at.slice(0, 10) }], screenshotShas: [sha], notes: '' },
        },
        {
          ...envelope,
          id: newId(),
          kind: 'pledge',
          body: { templateId: template.id, templateHash: template.content_hash, residentId: resident.id, signerName: resident.name, signatureSha: sha, signedAt: at, channel: 'worker_device' },
        },
      ],
    },
  })
  expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored', 'stored'])
  const put = await fetch(`${server.url}/api/v1/media/${sha}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(shot.length) },
    body: shot,
  })
  expect(put.status).toBe(200)
})
afterAll(() => stopApp({ server, browser }))

async function headOnDashboard(): Promise<Page> {
  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, 'demo-t1-v01')
  await page.locator(`#row-${GRID}`).waitFor()
  return page
}

it('village head drills from the grid row to a household and sees the install screenshot', async () => {
  const head = await loginAs(server.url, 'demo-t1-v01')
  const coverage = await api(server.url, 'GET', '/api/v1/coverage', { token: head })
  const gridRow = coverage.body.rows.find((r: { areaId: string }) => r.areaId === GRID)
  expect(gridRow.installed).toBe(1)

  const page = await headOnDashboard()
  const row = page.locator(`#row-${GRID}`)
  await expectText(row, `安装 ${gridRow.installedPct}%`)
  await snap(page, 'official-01-dashboard')

  await row.click()
  const item = page.locator(`#ghh-${resident.household_id}:visible`)
  await item.waitFor()
  await expectText(page.locator('#gtab-all:visible'), String(gridRow.households))
  await expectText(item, '已走访')
  await expectText(item, '已签承诺书 1 人')
  await page.waitForTimeout(400) // the page slide-in animation
  await snap(page, 'official-02-grid')

  await item.click()
  await expectText(page.locator('#hv-status:visible'), '已走访')
  const res = page.locator(`#hv-res-${resident.id}:visible`)
  await expectText(res, resident.name)
  await expectText(res, '已安装')
  await expectText(res, '未开预警')
  // The village head sees a masked phone only.
  const phone = await page.locator(`#hv-phone-${resident.id}:visible`).textContent()
  expect(phone).not.toMatch(/\d{11}/)

  const img = page.locator(`#hv-shots-${resident.id}:visible img`).first()
  await img.waitFor({ timeout: 15_000 })
  await page.waitForFunction(
    (sel) => {
      const el = (globalThis as unknown as { document: { querySelector(s: string): Img | null } }).document.querySelector(sel)
      return !!el && el.complete && el.naturalWidth > 0
    },
    `#hv-shots-${resident.id} img`,
    { timeout: 15_000 },
  )
  const natural = await img.evaluate((el) => (el as unknown as Img).naturalWidth)
  expect(natural).toBe(720)
  await expectText(page.locator('#hv-pledges:visible'), resident.name)
  await page.locator('[id^="hv-pdf-"]:visible').first().waitFor()
  await expectText(page.locator('#hv-visits:visible'), '见面宣传')
  await res.scrollIntoViewIfNeeded()
  await page.waitForTimeout(400)
  await snap(page, 'official-03-household')

  // Tapping the screenshot opens it large.
  await img.click()
  await page.waitForTimeout(800)
  await snap(page, 'official-04-screenshot-preview')
  await page.context().close()
})

it('village head drills from a grid nobody has covered to a never-visited household', async () => {
  const page = await headOnDashboard()
  const row = page.locator(`#row-${LOW_GRID}`)
  await expectText(row, '入户宣传率 0%')
  await row.click()
  await page.locator('#gtab-unvisited:visible').click()
  const first = page.locator('[id^="ghh-"]:visible').first()
  await first.waitFor()
  await expectText(first, '未走访')
  const tab = await page.locator('#gtab-unvisited:visible').textContent()
  const all = await page.locator('#gtab-all:visible').textContent()
  expect(tab?.replace('未走访', '')).toBe(all?.replace('全部', ''))
  await page.waitForTimeout(400)
  await snap(page, 'official-05-low-grid-unvisited')

  const id = (await first.getAttribute('id'))!.slice('ghh-'.length)
  await first.click()
  await expectText(page.locator('#hv-status:visible'), '未走访')
  await expectText(page.locator('#hv-visits:visible'), '暂无走访记录')
  await expectText(page.locator('#hv-doorplate:visible'), (await server.db.kysely.selectFrom('households').select('doorplate').where('id', '=', id).executeTakeFirstOrThrow()).doorplate)
  await page.waitForTimeout(400)
  await snap(page, 'official-06-never-visited-household')

  // The dashboard's 未走访户 list opens the same household page.
  await page.goBack()
  await page.goBack()
  const unvisited = page.locator(`#unvisited-${id}:visible`)
  await unvisited.scrollIntoViewIfNeeded()
  await unvisited.click()
  await expectText(page.locator('#hv-doorplate:visible'), (await page.locator(`#unvisited-${id} .fz-dash__name`).first().textContent()) ?? '')
  await page.context().close()
})
