// The H5 build against the real server in Chromium (#13): the county admin sets the campaign's 佐证要求 (a photo for
// 见面宣传, screenshots only for 安装, no position) and a 上级平台 layout for the visit register; a worker's forms
// follow the settings after a sync (no position offered, the photo asked for, 居民不愿截图 taken); the village head
// downloads the visit register in the county's layout.
import fs from 'node:fs'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { newId } from '../helpers/records'

jest.setTimeout(180_000)

const GRID = 't1-v01-g1'
let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`)

it('the county sets what proof is needed and the export layout; the forms and the download follow', async () => {
  // County admin: 行动与目标 → 佐证要求.
  const admin = await (await newPhone(browser)).newPage()
  await loginInBrowser(admin, server.url, 'demo-county')
  await visible(admin, '#edit-targets').click()
  await visible(admin, '#proof-save').waitFor()
  for (const id of ['#proof-step-real_name', '#proof-step-warning_on', '#proof-visit-photo', '#proof-gps-off']) await visible(admin, id).click()
  await visible(admin, '#proof-save').scrollIntoViewIfNeeded()
  await snap(admin, 'proof-01-county-settings')
  await visible(admin, '#proof-save').click()
  await admin.waitForTimeout(500)
  const stored = await server.db.kysely.selectFrom('campaigns').select('proof_policy').execute()
  expect(stored.map((c) => c.proof_policy && JSON.parse(c.proof_policy))).toContainEqual({ screenshotSteps: ['installed'], visitPhoto: true, gps: 'off' })

  // 上级平台导出格式 for the visit register: keep four columns in the county's order and names.
  await admin.goBack()
  await visible(admin, '#open-export-layouts').click()
  await visible(admin, '#layout-kind-visits').click()
  await admin.locator('#layout-visits-name').fill('市综治平台')
  for (const field of ['no', 'town', 'village', 'grid', 'headName', 'visitedTime', 'peopleMet', 'worker', 'notes', 'photos']) {
    await visible(admin, `#layout-visits-col-${field} .fz-layout__act`).last().click()
  }
  await admin.locator('#layout-visits-header-doorplate').fill('住址')
  await admin.locator('#layout-visits-header-visitedOn').fill('走访日期')
  await snap(admin, 'proof-02-export-layout')
  await visible(admin, '#layout-visits-save').click()
  await expectText(visible(admin, '#layout-visits'), '最近设定')
  const layouts = (await api(server.url, 'GET', '/api/v1/export-layouts', { token: await loginAs(server.url, 'demo-county') })).body.items
  expect(layouts).toEqual([
    expect.objectContaining({
      kind: 'visits',
      name: '市综治平台',
      columns: [
        { field: 'doorplate', header: '住址' },
        { field: 'visitedOn', header: '走访日期' },
        { field: 'outcome', header: '走访结果' },
        { field: 'residents', header: '见面居民' },
      ],
    }),
  ])

  // The worker's phone pulls the settings at sign-in.
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const resident = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id'])
    .where('grid_id', '=', GRID)
    .where('birth_year', '>=', year - 60)
    .where('birth_year', '<=', year - 16)
    .where('installed_on', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  const worker = await (await newPhone(browser)).newPage()
  await loginInBrowser(worker, server.url, 'demo-t1-v01-g1')
  await worker.getByText('待同步 0 条').waitFor()
  await worker.locator(`#hh-${resident.household_id}`).click()
  await visible(worker, '#visit-new').click()
  await expectText(visible(worker, '#visit-location'), '本次行动不记录走访位置')
  await visible(worker, '#outcome-met').click()
  await visible(worker, '#visit-save').click()
  await worker.getByText('本次行动要求见面宣传的走访附至少一张照片').waitFor()
  await snap(worker, 'proof-03-visit-photo-asked')
  // 不在家 needs no photo.
  await visible(worker, '#outcome-not_home').click()
  await visible(worker, '#visit-save').click()
  await visible(worker, '#visit-new').waitFor()

  // Install: 开启预警 alone needs no screenshot; 安装 does, unless the resident declines. Offline, so the records stay
  // on the phone while they are checked: online, a sync and pull could drop them from the page before the check.
  await worker.context().setOffline(true)
  await visible(worker, `#res-${resident.id}`).click()
  await visible(worker, '#install-save').waitFor()
  await visible(worker, '#tick-warning_on').click()
  await expectText(worker.locator('.fz-resident .fz-label:visible').filter({ hasText: '截图凭证' }), '不要求')
  await visible(worker, '#install-save').click()
  await expectText(visible(worker, '#resident-steps'), '本机记录')
  await visible(worker, '#tick-installed').click()
  await visible(worker, '#install-save').click()
  await worker.getByText('请上传截图，或勾选“居民不愿截图”').waitFor()
  await visible(worker, '#install-declined').click()
  await snap(worker, 'proof-04-install-declined')
  await visible(worker, '#install-save').click()
  await worker.locator('.fz-card:visible', { hasText: '居民不愿截图' }).waitFor()
  await worker.goBack()
  await worker.goBack()
  await worker.context().setOffline(false)
  await worker.locator('#sync-now').click()
  await worker.getByText('待同步 0 条').waitFor()

  const records = await server.db.kysely.selectFrom('records').select(['kind', 'body']).where('household_id', '=', resident.household_id).orderBy('seq').execute()
  const bodies = records.map((r) => ({ kind: r.kind, body: JSON.parse(r.body).body }))
  expect(bodies.map((b) => b.kind)).toEqual(['visit', 'install', 'install'])
  expect(bodies[0].body).toMatchObject({ outcome: 'not_home', location: null })
  expect(bodies[1].body).toMatchObject({ steps: [{ step: 'warning_on' }], screenshotShas: [] })
  expect(bodies[1].body.screenshotDeclined).toBeUndefined()
  expect(bodies[2].body).toMatchObject({ steps: [{ step: 'installed' }], screenshotShas: [], screenshotDeclined: true })

  // A 见面宣传 visit with its photo, pushed as a phone would, for the register.
  const met = {
    id: newId(),
    kind: 'visit',
    householdId: resident.household_id,
    replaces: null,
    deviceId: 'dev',
    createdAt: new Date().toISOString(),
    body: { outcome: 'met', peopleMet: 1, residentIds: [resident.id], notes: '', visitedAt: new Date().toISOString(), location: null, photoShas: ['ab'.repeat(32)] },
  }
  const push = await api(server.url, 'POST', '/api/v1/sync/push', { token: await loginAs(server.url, 'demo-t1-v01-g1'), body: { records: [met] } })
  expect(push.body.results[0].status).toBe('stored')

  // The village head picks the county's format and downloads this week's register… of last week by default: the
  // dashboard offers last week, so the file has the header and this week's visits are not in it.
  const head = await (await newPhone(browser)).newPage()
  await loginInBrowser(head, server.url, 'demo-t1-v01')
  await visible(head, '#export-format-county').click()
  await visible(head, '#download-visits').scrollIntoViewIfNeeded()
  await snap(head, 'proof-05-village-downloads')
  const [file] = await Promise.all([head.waitForEvent('download', { timeout: 15_000 }), visible(head, '#download-visits').click()])
  expect(file.suggestedFilename()).toMatch(/^入户走访登记_.+\.xlsx$/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(fs.readFileSync((await file.path())!) as unknown as ArrayBuffer)
  expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, '住址', '走访日期', '走访结果', '见面居民'])
})
