// The H5 build against the real server in Chromium: a worker, offline, adds a household, gives it a member, visits
// it, and marks a resident of another household 迁出; a sync delivers all four; the member comes back (返乡, offered on
// 新增家庭成员); the village head sees the household counted and the changes listed under 名册变更.
import type { Browser, Page } from 'playwright-core'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'

jest.setTimeout(120_000)

const GRID = 't1-v01-g1'
let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

async function gridRow(token: string) {
  const res = await api(server.url, 'GET', '/api/v1/coverage', { token })
  return res.body.rows.find((r: { areaId: string }) => r.areaId === GRID) as { households: number; visited: number }
}

const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`)
const confirm = (page: Page) => page.locator('.taro-modal__foot :text-is("确定"):visible').click()

it('worker adds a household and a member offline, visits it and marks a resident 迁出; the village head sees it', async () => {
  const headToken = await loginAs(server.url, 'demo-t1-v01')
  const before = await gridRow(headToken)
  const leaving = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id', 'name'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow()

  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, `demo-${GRID}`)
  await page.getByText('待同步 0 条').waitFor()
  await phone.setOffline(true)

  await shown(page, '#hh-add').click()
  await shown(page, '#roster-doorplate').fill('新村 9号')
  await shown(page, '#roster-head').fill('赵新')
  await snap(page, 'roster-01-add-household')
  await shown(page, '#roster-save').click()
  // The new household opens at once, from the outbox.
  await expectText(page.locator('.fz-page:visible').first(), '新村 9号')
  await shown(page, '#roster-member').click()
  await shown(page, '#roster-name').fill('赵新')
  await shown(page, '#roster-gender-M').click()
  await shown(page, '#roster-birth-year').fill('1980')
  await shown(page, '#roster-phone').fill('13800138000')
  await shown(page, '#roster-relation').fill('户主')
  await shown(page, '#roster-save').click()
  await page.locator('#visit-new:visible').waitFor()
  await page.locator('.fz-household__name:visible', { hasText: '赵新' }).waitFor()
  await shown(page, '#visit-new').click()
  await shown(page, '#outcome-met').click()
  await shown(page, '#visit-save').click()
  await page.locator('#roster-member:visible').waitFor()
  await snap(page, 'roster-02-new-household-offline')

  await page.goto(`${server.url}/#/pages/household/index?id=${leaving.household_id}`)
  await shown(page, `#roster-edit-${leaving.id}`).click()
  await shown(page, '#roster-mark-moved_out').click()
  await confirm(page)
  await shown(page, '#visit-new').waitFor()
  expect(await page.locator(`#res-${leaving.id}:visible`).count()).toBe(0)

  await page.goto(`${server.url}/#/pages/home/index`)
  await page.getByText('待同步 4 条').waitFor()
  await phone.setOffline(false)
  await shown(page, '#sync-now').click()
  await page.getByText('待同步 0 条').waitFor()

  const added = await server.db.kysely.selectFrom('households').select(['id', 'covered']).where('doorplate', '=', '新村 9号').executeTakeFirstOrThrow()
  expect(added.covered).toBe(1)
  expect((await server.db.kysely.selectFrom('residents').select('roster_status').where('id', '=', leaving.id).executeTakeFirstOrThrow()).roster_status).toBe('moved_out')
  const after = await gridRow(headToken)
  expect(after.households).toBe(before.households + 1)
  expect(after.visited).toBe(before.visited + 1)

  // 返乡: the moved-out member is offered on 新增家庭成员 and brought back instead of added twice.
  await page.goto(`${server.url}/#/pages/household/index?id=${leaving.household_id}`)
  await shown(page, '#roster-member').click()
  await shown(page, `#roster-return-${leaving.id}`).click()
  await confirm(page)
  await page.locator(`#res-${leaving.id}:visible`).waitFor()
  await page.goto(`${server.url}/#/pages/home/index`)
  await shown(page, '#sync-now').click()
  await page.getByText('待同步 0 条').waitFor()
  expect(await server.db.kysely.selectFrom('residents').select(['roster_status', 'deleted_at']).where('id', '=', leaving.id).executeTakeFirstOrThrow()).toEqual({ roster_status: null, deleted_at: null })

  const headPhone = await newPhone(browser)
  const headPage = await headPhone.newPage()
  await loginInBrowser(headPage, server.url, 'demo-t1-v01')
  await shown(headPage, '#open-roster-changes').click()
  const list = headPage.locator('#roster-changes-list:visible')
  await expectText(list, '新增住户 新村 9号（户主 赵新）')
  await expectText(list, '新增家庭成员 赵新')
  await expectText(list, `${leaving.name} 迁出`)
  await expectText(list, `${leaving.name} 返乡`)
  await headPage.waitForTimeout(500) // the page's slide-in, for the picture
  await snap(headPage, 'roster-03-village-head-list')
})
