// The H5 build against the real server in Chromium: a town's 核查员 signs in to 电话抽查, draws last week's sample,
// reveals a number, records outcomes (two 居民称未安装, one 属实) and sees the village's discrepancy rate marked; the
// town official then finds the same rate marked on that week's 排名通报.
import type { Browser } from 'playwright-core'
import { chinaWeekStart } from '../../src/core/china-time'
import { chinaDate } from '../../src/core/targets'
import type { SpotCheckDraw } from '../../src/core/schemas/spot-checks'
import { runWeeklyRanking } from '../../server/src/jobs/weekly-ranking'
import { api, loginAs, SMALL_COUNTY, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { newId } from '../helpers/records'
import { makeJpeg, sha256 } from '../helpers/images'

jest.setTimeout(180_000)

const DAY = 86_400_000
let server: TestServer
let browser: Browser
let clock = Date.now()
let weekStart: string
let shot = 0

/** A worker visits households of their grid and records an install for one adult with a phone in each. */
async function fieldWork(gridId: string, n: number): Promise<void> {
  const token = await loginAs(server.url, `demo-${gridId}`)
  const households = await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', gridId).orderBy('id').execute()
  let done = 0
  for (const h of households) {
    if (done === n) return
    const r = await server.db.kysely.selectFrom('residents').select('id').where('household_id', '=', h.id).where('phone', 'is not', null).orderBy('id').executeTakeFirst()
    if (!r) continue
    const at = new Date(clock).toISOString()
    const day = chinaDate(clock)
    const env = { householdId: h.id, replaces: null, deviceId: 'dev', createdAt: at }
    const records = [
      { ...env, id: newId(clock), kind: 'visit', body: { outcome: 'met', peopleMet: 1, residentIds: [r.id], notes: '', visitedAt: at, location: null } },
      {
        ...env,
        id: newId(clock),
        kind: 'install',
        body: { residentId: r.id, steps: [{ step: 'installed', doneOn: day }], screenshotShas: [sha256(makeJpeg(64, 64, { seed: 100 + shot++ }))], notes: '' },
      },
    ]
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
    expect(res.body.results.map((x: { status: string }) => x.status)).toEqual(['stored', 'stored'])
    done++
    clock += 20 * 60_000
  }
}

beforeAll(async () => {
  const lastWeek = chinaWeekStart(Date.now()) - 7 * DAY
  ;({ server, browser } = await startApp({ seed: { ...SMALL_COUNTY, now: lastWeek - 7 * DAY }, now: () => clock }))
  weekStart = chinaDate(lastWeek)
  // Last Tuesday from 9 o'clock (China time): t1-v01 by two workers, t1-v02 by one.
  clock = lastWeek + DAY + 9 * 3600_000
  await fieldWork('t1-v01-g1', 3)
  await fieldWork('t1-v01-g2', 2)
  await fieldWork('t1-v02-g1', 2)
  clock = Date.now()
  expect(await runWeeklyRanking(server.db, clock)).toMatchObject({ week: weekStart, ran: true })
})
afterAll(() => stopApp({ server, browser }))

it('a verifier draws the week, records outcomes, and the village’s discrepancy rate is marked on the ranking', async () => {
  const page = await (await newPhone(browser)).newPage()
  await loginInBrowser(page, server.url, 'demo-verifier-t1')
  await expectText(page.locator('#spot-week:visible'), weekStart)
  await page.locator('#spot-draw:visible').click()
  await page.locator('#spot-draw-result:visible').waitFor()
  await snap(page, 'spot-check-01-drawn')

  const token = await loginAs(server.url, 'demo-verifier-t1')
  const draw = (await api(server.url, 'GET', `/api/v1/spot-checks?week=${weekStart}`, { token })).body as SpotCheckDraw
  const v01 = draw.items.filter((i) => i.villageId === 't1-v01')
  expect(v01).toHaveLength(5)
  expect(new Set(draw.items.map((i) => i.villageId))).toEqual(new Set(['t1-v01', 't1-v02']))

  // 查看号码: the full number replaces the masked one.
  const first = page.locator(`#spot-item-${v01[0].id}:visible`)
  await expectText(first.locator('.spot-phone'), v01[0].phoneMasked)
  await first.locator('.spot-reveal').click()
  const phone = (await server.db.kysely.selectFrom('residents as p').innerJoin('spot_check_items as i', 'i.resident_id', 'p.id').select('p.phone').where('i.id', '=', v01[0].id).executeTakeFirstOrThrow()).phone!
  await expectText(first.locator('.spot-phone'), phone)
  await first.locator('.spot-call').waitFor()

  const record = async (itemId: string, outcome: string, label: string) => {
    const card = page.locator(`#spot-item-${itemId}:visible`)
    await card.locator(`.spot-outcome--${outcome}`).click()
    await expectText(card.locator('.spot-result'), label)
  }
  await page.fill(`#spot-comment-${v01[0].id}`, '居民称从未安装')
  await record(v01[0].id, 'not_installed', '居民称未安装')
  await record(v01[1].id, 'not_installed', '居民称未安装')
  await record(v01[2].id, 'confirmed', '属实')
  const villageStats = page.locator('#spot-village-t1-v01:visible')
  await expectText(villageStats, '不实率 66.7%')
  await expectText(villageStats, '不实率超过 20%')
  await villageStats.scrollIntoViewIfNeeded()
  await snap(page, 'spot-check-02-outcomes')
  const audits = await server.db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'spot_check.%').execute()
  expect(audits.map((a) => a.action).sort()).toEqual(['spot_check.draw', 'spot_check.outcome', 'spot_check.outcome', 'spot_check.outcome', 'spot_check.phone_reveal'])
  await page.context().close()

  const town = await (await newPhone(browser)).newPage()
  await loginInBrowser(town, server.url, 'demo-t1')
  await town.locator('#open-ranking:visible').click()
  await expectText(town.locator('#rank-week:visible'), weekStart)
  await expectText(town.locator('#rank-spot-t1-v01:visible'), '电话抽查不实率 66.7%（超标）')
  expect(await town.locator('#rank-spot-t1-v02').count()).toBe(0)
  await town.waitForTimeout(400)
  await snap(town, 'spot-check-03-ranking')
  await town.context().close()
})
