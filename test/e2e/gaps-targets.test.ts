// The H5 build against the real server in Chromium: a village head opens 缺口清单 → 16–60岁未装全 and opens a
// household from it; a town official changes a target on 编辑目标 and finds the dashboard's 目标 card updated; with no
// campaign at all, a town official sets one up (新建宣传行动).
import type { Browser, Page } from 'playwright-core'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import type { TestServer } from '../helpers/test-server'

jest.setTimeout(60_000)

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

async function signedIn(code: string, ready: string): Promise<Page> {
  const page = await (await newPhone(browser)).newPage()
  await loginInBrowser(page, server.url, code)
  await page.locator(ready).waitFor()
  return page
}

it('village head opens 16–60岁未装全 from the dashboard and a household from the list', async () => {
  const page = await signedIn('demo-t1-v01', '#dash-gaps')
  const activity = page.locator('#dash-activity')
  await expectText(activity, '本周走访情况')
  // Nobody has recorded anything this week: every grid worker is listed, highlighted.
  await page.locator('#act-u-t1-v01-g1.fz-act__row--idle').waitFor()
  await expectText(page.locator('#act-summary'), '本周无记录')
  await activity.scrollIntoViewIfNeeded()
  await snap(page, 'gaps-00-dashboard-activity')
  await page.locator('#gap-link-install_gap').click()
  const first = page.locator('[id^="gap-res-"]:visible').first()
  await first.waitFor()
  await expectText(page.locator('#gaps-tab-install_gap:visible'), '16–60岁未装全')
  const text = (await first.textContent()) ?? ''
  expect(text).toContain('*')
  expect(text).toContain('未安装')
  await page.waitForTimeout(400)
  await snap(page, 'gaps-01-install-gap')

  const residentId = (await first.getAttribute('id'))!.slice('gap-res-'.length)
  const r = await server.db.kysely
    .selectFrom('residents as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .select(['p.name', 'h.doorplate'])
    .where('p.id', '=', residentId)
    .executeTakeFirstOrThrow()
  await first.click()
  await expectText(page.locator('#hv-doorplate:visible'), r.doorplate)
  // The household page names the resident in full.
  await expectText(page.locator(`#hv-res-${residentId}:visible`), r.name)
  await page.context().close()
})

it('town official changes a target and the 目标 card shows it', async () => {
  const key = 'installed-2027-03-31'
  const page = await signedIn('demo-t1', `#target-${key}`)
  await expectText(page.locator(`#target-${key}`), '目标 40%')
  await page.locator('#edit-targets').click()
  const input = page.locator(`#tgt-pct-${key}`)
  await input.waitFor()
  await expectText(page.locator(`#tgt-${key}:visible`), '继承自县')
  await input.fill('60')
  await page.locator(`#tgt-save-${key}:visible`).click()
  await expectText(page.locator(`#tgt-${key}:visible`), '本级设定')
  await expectText(page.locator(`#tgt-${key}:visible`), '县目标 40%')
  await page.waitForTimeout(400)
  await snap(page, 'targets-01-edited')

  await page.goBack()
  await expectText(page.locator(`#target-${key}:visible`), '目标 60%')
  await page.context().close()
})

it('county admin renames the campaign, and a bad phase is refused in Chinese', async () => {
  const page = await signedIn('demo-county', '#edit-targets')
  await page.locator('#edit-targets').click()
  await page.locator('#campaign-name').waitFor()
  await page.fill('#phase-name-0', '')
  await page.locator('#campaign-save:visible').click()
  await expectText(page.locator('#campaign-error:visible'), '请填写阶段名称')
  await page.waitForTimeout(300)
  await snap(page, 'targets-02-campaign-error')

  await page.fill('#phase-name-0', '动员部署')
  await page.fill('#campaign-name', '青禾县反诈宣传入户行动')
  await page.locator('#campaign-save:visible').click()
  await page.locator('#campaign-error').waitFor({ state: 'detached' })
  const deadline = Date.now() + 10_000
  let name = ''
  while (Date.now() < deadline && name !== '青禾县反诈宣传入户行动') {
    name = (await server.db.kysely.selectFrom('campaigns').select('name').executeTakeFirstOrThrow()).name
    await page.waitForTimeout(100)
  }
  expect(name).toBe('青禾县反诈宣传入户行动')
  const phases = await server.db.kysely.selectFrom('campaign_phases').select('name').orderBy('sort').execute()
  expect(phases.map((p) => p.name)).toEqual(['动员部署', '集中宣传', '评估考核'])
  await page.context().close()
})

it('town official without any campaign sees 本区域尚未设立宣传行动 and sets one up (新建宣传行动)', async () => {
  for (const table of ['targets', 'campaign_phases', 'campaigns'] as const) await server.db.kysely.deleteFrom(table).execute()
  const page = await signedIn('demo-t2', '#dash-pledges')
  await expectText(page.locator('#dash-no-campaign'), '本区域尚未设立宣传行动')
  await page.locator('#create-campaign').click()
  await expectText(page.locator('#tgt-none:visible'), '本区域尚未设立宣传行动')
  await page.fill('#new-campaign-name', '二镇反诈宣传入户行动')
  await page.fill('#new-pct-installed', '60')
  await page.waitForTimeout(300)
  await snap(page, 'targets-03-new-campaign')
  await page.locator('#new-campaign-save:visible').click()
  await page.locator('#campaign-name:visible').waitFor()
  await page.locator('#tgt-none').waitFor({ state: 'detached' })
  const campaign = await server.db.kysely.selectFrom('campaigns').select(['id', 'area_id', 'name']).executeTakeFirstOrThrow()
  expect(campaign).toMatchObject({ area_id: 't2', name: '二镇反诈宣传入户行动' })
  const phases = await server.db.kysely.selectFrom('campaign_phases').select('name').where('campaign_id', '=', campaign.id).orderBy('sort').execute()
  expect(phases.map((p) => p.name)).toEqual(['筹划准备', '集中宣传', '评估考核'])
  const targets = await server.db.kysely.selectFrom('targets').select(['area_id', 'indicator', 'target_pct']).execute()
  expect(targets.map((x) => [x.area_id, x.indicator, Number(x.target_pct)])).toEqual([['t2', 'installed', 60]])
  await page.context().close()
})
