// The H5 build against the real server in Chromium: a town official enters a fraud case (逐案倒查), finds the victim by
// name and matches the resident, whom a grid worker had visited and recorded as installed days before; the back-check
// says 案发前已宣传到位 with the visit's and the install's dates, and the dashboard's card counts the village reached.
import type { Browser, Page } from 'playwright-core'
import { chinaDate } from '../../src/core/china-time'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(120_000)

const GRID = 't1-v01-g1'
const DAY = 86_400_000
let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`)

it('a town official enters a case, matches a resident visited and installed before, and sees the back-check say reached', async () => {
  const victim = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id', 'name'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  const visitedAt = new Date(Date.now() - 6 * DAY).toISOString()
  const installedOn = chinaDate(Date.now() - 5 * DAY)
  const worker = await loginAs(server.url, `demo-${GRID}`)
  const pushed = await api(server.url, 'POST', '/api/v1/sync/push', {
    token: worker,
    body: {
      records: [
        visitRecord(victim.household_id, 'met', { createdAt: visitedAt, body: { outcome: 'met', peopleMet: 1, residentIds: [victim.id], notes: '', visitedAt, location: null } } as never),
        {
          id: newId(),
          kind: 'install',
          householdId: victim.household_id,
          replaces: null,
          deviceId: 'dev',
          createdAt: new Date(Date.now() - 5 * DAY).toISOString(),
          body: { residentId: victim.id, steps: [{ step: 'installed', doneOn: installedOn }], screenshotShas: ['c'.repeat(64)], notes: '' },
        },
      ],
    },
  })
  expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored'])

  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, 'demo-t1')
  await expectText(shown(page, '#dash-case-reach'), '暂无案件')
  await shown(page, '#open-fraud-cases').click()
  await shown(page, '#case-add').click()
  await shown(page, '#scam-posing_police').click()
  await shown(page, '#case-amount').fill('12000')
  await shown(page, '#case-victim-q').fill(victim.name)
  await shown(page, '#case-victim-search').click()
  await shown(page, `#victim-${victim.id}`).click()
  await expectText(shown(page, '#case-victim-chosen'), victim.name)
  await snap(page, 'fraud-case-01-new')
  await shown(page, '#case-save').click()

  await expectText(shown(page, '#case-verdict'), '案发前已宣传到位')
  const timeline = shown(page, '#case-timeline')
  await expectText(timeline, `${chinaDate(Date.parse(visitedAt))}走访（见面宣传）`)
  await expectText(timeline, `${installedOn}APP已安装`)
  await snap(page, 'fraud-case-02-back-check')

  const stored = await server.db.kysely.selectFrom('fraud_cases').select(['scam_type', 'amount_fen', 'resident_id', 'case_date']).executeTakeFirstOrThrow()
  expect({ ...stored, amount_fen: Number(stored.amount_fen) }).toEqual({ scam_type: 'posing_police', amount_fen: 1_200_000, resident_id: victim.id, case_date: chinaDate(Date.now()) })

  // Back on the dashboard (the list was replaced by the case), 刷新 reloads the card with the rest.
  await page.goBack()
  await shown(page, '#refresh').click()
  await expectText(shown(page, '#case-reach-t1-v01'), '100%')
  await shown(page, '#dash-case-reach').scrollIntoViewIfNeeded()
  await snap(page, 'fraud-case-03-dashboard-card')
})

it('the town official finds the case entry and its back-check view in 操作记录, filtered by kind and person', async () => {
  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, 'demo-t1')
  await shown(page, '#open-audit-log').click()
  await shown(page, '#audit-group-case').click()
  await shown(page, '#audit-search').click()
  const list = shown(page, '#audit-list')
  await expectText(list, '新增电诈案件')
  await expectText(list, '查看案件倒查')
  expect(await list.textContent()).not.toContain('登录')
  await snap(page, 'fraud-case-04-audit-log')

  const worker = await server.db.kysely.selectFrom('users').select('name').where('area_id', '=', GRID).executeTakeFirstOrThrow()
  await shown(page, '#audit-group-all').click()
  await shown(page, '#audit-who').fill(worker.name)
  await shown(page, '#audit-search').click()
  await expectText(list, '上传记录')
  expect(await list.textContent()).not.toContain('新增电诈案件')
})
