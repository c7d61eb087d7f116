// The H5 build against the real server in Chromium: a worker logs two visits offline, the outbox survives a
// reload, a sync delivers them, and the village head sees coverage move.
import type { Browser } from 'playwright-core'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'

jest.setTimeout(120_000)

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

async function gridRow(token: string) {
  const res = await api(server.url, 'GET', '/api/v1/coverage', { token })
  return res.body.rows.find((r: { areaId: string }) => r.areaId === 't1-v01-g1') as { visited: number; visitsThisWeek: number }
}

it('worker logs visits offline, they survive a reload and sync; the village head sees coverage change', async () => {
  const headToken = await loginAs(server.url, 'demo-t1-v01')
  const before = await gridRow(headToken)

  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, 'demo-t1-v01-g1')
  await page.getByText('未走访', { exact: false }).first().waitFor()
  await page.getByText('待同步 0 条').waitFor()
  await snap(page, '01-worker-household-list')

  const households = await server.db.kysely
    .selectFrom('households')
    .select(['id', 'doorplate'])
    .where('grid_id', '=', 't1-v01-g1')
    .orderBy('id')
    .limit(2)
    .execute()

  await phone.setOffline(true)
  for (const h of households) {
    await page.locator(`#hh-${h.id}`).click()
    await page.locator('#visit-new:visible').click()
    await page.locator('#outcome-met:visible').click()
    await snap(page, `02-visit-form-${h.id}`)
    await page.locator('#visit-save:visible').click()
    await page.locator('#visit-new:visible').waitFor() // back on the household page
    await page.goBack()
    await page.locator(`#hh-${h.id}:visible`).waitFor()
  }
  await page.getByText('待同步 2 条').waitFor()
  await expectText(page.locator(`#hh-${households[0].id}`), '今天走访')
  await snap(page, '03-offline-two-pending')

  // Reload with the API still unreachable (the page itself must load, so the network is back but /api is cut).
  await page.route('**/api/v1/sync/**', (route) => route.abort('internetdisconnected'))
  await phone.setOffline(false)
  await page.reload()
  await page.getByText('网络不可用').waitFor()
  await page.getByText('待同步 2 条').waitFor()
  await snap(page, '04-after-reload-still-pending')

  await page.unroute('**/api/v1/sync/**')
  await page.locator('#sync-now').click()
  await page.getByText('待同步 0 条').waitFor()
  await snap(page, '05-synced')

  const stored = await server.db.kysely.selectFrom('records').select(['household_id']).where('author_id', '=', 'u-t1-v01-g1').execute()
  expect(stored.map((r) => r.household_id).sort()).toEqual(households.map((h) => h.id).sort())
  const after = await gridRow(headToken)
  expect(after.visited).toBe(before.visited + 2)
  expect(after.visitsThisWeek).toBe(before.visitsThisWeek + 2)

  // The village head sees it in the app.
  const headPhone = await newPhone(browser)
  const headPage = await headPhone.newPage()
  await loginInBrowser(headPage, server.url, 'demo-t1-v01')
  await headPage.getByText('入户宣传率').first().waitFor()
  const row = headPage.locator('#row-t1-v01-g1')
  await expectText(row, String(after.visited))
  await snap(headPage, '06-village-head-coverage')
  await headPhone.close()
  await phone.close()
})
