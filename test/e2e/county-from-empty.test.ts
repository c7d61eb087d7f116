// The H5 build against the real server in Chromium, from an empty database (a deployment, no demo seed): the first
// county admin sets up the county with the setup code the server prints; imports the three templates (区域, 工作人员,
// 户籍花名册), each first with bad rows that are refused, then fixed and applied; issues a worker's 绑定码 and 登录码
// and the village head's 登录码 in 人员管理; the worker, offline, adds a household and a resident and visits it, then
// syncs; the village head sees the new household counted and the changes listed under 名册变更.
import type { Browser, Page } from 'playwright-core'
import { issueSetupCode } from '../../server/src/services/setup'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { csvText, xlsxOf } from '../helpers/imports'

jest.setTimeout(120_000)

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp({ seed: false }))
})
afterAll(() => stopApp({ server, browser }))

// Pages opened before stay in the H5 DOM: only what is shown counts.
const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`)
/** 确定 in Taro's H5 modal. */
const confirm = (page: Page) => page.locator('.taro-modal__foot :text-is("确定"):visible').click()

async function actOn(page: Page, userId: string, action: string): Promise<void> {
  await shown(page, `#staff-${userId}`).click()
  await page.locator('.taro-actionsheet__cell:visible', { hasText: action }).click()
}

/** On the 导入 page: picks the kind, chooses the file and waits for its 试导入 (by the file's name: earlier jobs stay shown until then). */
async function checkFile(page: Page, kind: string, name: string, buffer: Buffer): Promise<void> {
  await shown(page, `#import-kind-${kind}`).click()
  const chooser = page.waitForEvent('filechooser')
  await shown(page, '#import-choose').click()
  await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer })
  await expectText(shown(page, '#import-job .fz-title'), name, 20_000)
  await expectText(shown(page, '#import-status'), '试导入完成', 20_000)
}

async function applyShown(page: Page): Promise<void> {
  await shown(page, '#import-apply').click()
  await confirm(page)
  await expectText(shown(page, '#import-status'), '已应用', 20_000)
}

it('sets up an empty county, imports its tables, and a worker’s offline household reaches the village head', async () => {
  const k = server.db.kysely
  expect(await k.selectFrom('areas').select('id').execute()).toEqual([])

  // 首次设置 with the code a deployment prints on its first start.
  const { code } = await issueSetupCode(server.db, Date.now())
  const admin = await (await newPhone(browser)).newPage()
  await admin.goto(server.url + '/')
  await admin.locator('#open-setup').click()
  await admin.fill('#setup-code', code)
  await admin.fill('#setup-county', '清河县')
  await admin.fill('#setup-admin', '王建国')
  await admin.locator('#setup-submit').click()
  const adminCode = (await admin.locator('#setup-login-code').textContent({ timeout: 10_000 }))!.trim()
  expect(adminCode.replace(/-/g, '')).toHaveLength(20)
  await admin.locator('#setup-enter').click()
  await expectText(admin.locator('.fz-title').first(), '清河县')

  // 导入: the three templates download; each table first has bad rows, refused with the reason, then is fixed.
  await shown(admin, '#open-import').click()
  for (const [kind, label] of [
    ['areas', '区域'],
    ['staff', '工作人员'],
    ['register', '户籍花名册'],
  ]) {
    await shown(admin, `#import-kind-${kind}`).click()
    const template = admin.waitForEvent('download')
    await shown(admin, '#import-template').click()
    expect((await template).suggestedFilename()).toBe(`${label}导入模板.xlsx`)
  }

  const areaHeader = ['镇（街道）', '村（社区）', '网格']
  await checkFile(
    admin,
    'areas',
    '区域-1.xlsx',
    await xlsxOf({
      区域: [areaHeader, ['城关镇', '东风村', '第1网格'], ['城关镇', '东风村', '第2网格'], ['', '红星村', '第1网格'], ['城关镇', '', '第3网格']],
    }),
  )
  await expectText(shown(admin, '#import-rows'), '共 4 行：新增 2，更新 0，无变化 0，未导入 2')
  await expectText(shown(admin, '#import-refused'), '填写了村（社区），但没有填写镇（街道）')
  await expectText(shown(admin, '#import-refused'), '填写了网格，但没有填写村（社区）')
  await snap(admin, 'from-empty-01-areas-refused')
  await checkFile(
    admin,
    'areas',
    '区域-2.csv',
    Buffer.from(
      csvText([areaHeader, ['城关镇', '东风村', '第1网格'], ['城关镇', '东风村', '第2网格'], ['城关镇', '红星村', '第1网格'], ['城关镇', '东风村', '第3网格']]),
    ),
  )
  await expectText(shown(admin, '#import-rows'), '未导入 0')
  await applyShown(admin)
  const areas = await k.selectFrom('areas').select(['id', 'name', 'level', 'parent_id']).execute()
  const town = areas.find((a) => a.name === '城关镇')!
  const village = areas.find((a) => a.name === '东风村' && a.parent_id === town.id)!
  const grid = areas.find((a) => a.name === '第1网格' && a.parent_id === village.id)!
  expect(areas.filter((a) => a.level === 'grid')).toHaveLength(4)

  const staffHeader = ['姓名', '手机号', '角色', '所属区域']
  await checkFile(
    admin,
    'staff',
    '人员-1.xlsx',
    await xlsxOf({
      人员: [
        staffHeader,
        ['李网格', '13700000001', '网格员', '城关镇/东风村/第1网格'],
        ['张书记', '13700000002', '村书记', '城关镇/东风村'],
        ['赵网格', '', '网格员', '城关镇/东风村/第2网格'],
        ['钱网格', '13700000004', '网格员', '城关镇/东风村'],
      ],
    }),
  )
  await expectText(shown(admin, '#import-rows'), '未导入 2')
  await expectText(shown(admin, '#import-refused'), '手机号为空')
  await expectText(shown(admin, '#import-refused'), '网格员须属于某个网格')
  await checkFile(
    admin,
    'staff',
    '人员-2.xlsx',
    await xlsxOf({
      人员: [
        staffHeader,
        ['李网格', '13700000001', '网格员', '城关镇/东风村/第1网格'],
        ['张书记', '13700000002', '村书记', '城关镇/东风村'],
        ['赵网格', '13700000003', '网格员', '城关镇/东风村/第2网格'],
        ['钱网格', '13700000004', '网格员', '城关镇/东风村/第3网格'],
      ],
    }),
  )
  await expectText(shown(admin, '#import-rows'), '共 4 行：新增 4，更新 0，无变化 0，未导入 0')
  await applyShown(admin)
  const worker = await k.selectFrom('users').select(['id', 'role', 'area_id']).where('phone', '=', '13700000001').executeTakeFirstOrThrow()
  expect(worker).toMatchObject({ role: 'worker', area_id: grid.id })
  const head = await k.selectFrom('users').select(['id', 'role', 'area_id']).where('phone', '=', '13700000002').executeTakeFirstOrThrow()
  expect(head).toMatchObject({ role: 'village_head', area_id: village.id })

  const registerHeader = ['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名', '出生日期']
  const register = (badGrid: string) => [
    registerHeader,
    ['城关镇', '东风村', '第1网格', '东风村1组1号', '刘一', '刘一', '1970-01-01'],
    ['城关镇', '东风村', '第1网格', '东风村1组1号', '刘一', '刘二', '1999'],
    ['城关镇', '东风村', badGrid, '东风村1组2号', '孙三', '孙三', '1980'],
  ]
  await checkFile(admin, 'register', '花名册-1.xlsx', await xlsxOf({ 花名册: register('第99网格') }))
  await expectText(shown(admin, '#import-rows'), '新增 2')
  await expectText(shown(admin, '#import-refused'), '找不到网格「第99网格」')
  await snap(admin, 'from-empty-02-register-refused')
  await checkFile(admin, 'register', '花名册-2.xlsx', await xlsxOf({ 花名册: register('第1网格') }))
  await expectText(shown(admin, '#import-rows'), '共 3 行：新增 3，更新 0，无变化 0，未导入 0')
  await applyShown(admin)
  const imported = await k.selectFrom('households').select('doorplate').where('grid_id', '=', grid.id).orderBy('doorplate').execute()
  expect(imported.map((h) => h.doorplate)).toEqual(['东风村1组1号', '东风村1组2号'])

  // 人员管理, down to the grid: the worker's 绑定码 and 登录码; one level up, the village head's 登录码.
  await admin.goBack()
  await shown(admin, '#open-staff').click()
  await shown(admin, `#staff-area-${town.id}`).click()
  await shown(admin, `#staff-area-${village.id}`).click()
  await shown(admin, `#staff-area-${grid.id}`).click()
  await expectText(shown(admin, '#staff-list'), '137****0001')
  await actOn(admin, worker.id, '发放绑定码')
  await expectText(shown(admin, '#staff-issued'), '有效期至')
  await shown(admin, '#staff-issued-close').click()
  await actOn(admin, worker.id, '发放登录码')
  const workerCode = (await shown(admin, '#staff-issued-code').textContent({ timeout: 10_000 }))!.trim()
  expect(workerCode.replace(/-/g, '')).toHaveLength(20)
  await shown(admin, '#staff-issued-close').click()
  await admin.goBack()
  await actOn(admin, head.id, '发放登录码')
  const headCode = (await shown(admin, '#staff-issued-code').textContent({ timeout: 10_000 }))!.trim()
  expect(headCode.replace(/-/g, '')).toHaveLength(20)

  const headToken = await loginAs(server.url, headCode)
  const gridRow = async () => {
    const res = await api(server.url, 'GET', '/api/v1/coverage', { token: headToken })
    return res.body.rows.find((r: { areaId: string }) => r.areaId === grid.id) as { households: number; visited: number }
  }
  const before = await gridRow()
  expect(before).toMatchObject({ households: 2, visited: 0 })

  // The worker signs in with the 登录码 and, offline, adds a household and its resident and visits it.
  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, workerCode)
  await page.waitForURL(/pages\/home/, { timeout: 10_000 })
  await page.getByText('待同步 0 条').waitFor()
  await phone.setOffline(true)
  await shown(page, '#hh-add').click()
  await shown(page, '#roster-doorplate').fill('东风村1组9号')
  await shown(page, '#roster-head').fill('周新')
  await shown(page, '#roster-save').click()
  await expectText(page.locator('.fz-page:visible').first(), '东风村1组9号')
  await shown(page, '#roster-member').click()
  await shown(page, '#roster-name').fill('周新')
  await shown(page, '#roster-gender-M').click()
  await shown(page, '#roster-birth-year').fill('1982')
  await shown(page, '#roster-phone').fill('13800138000')
  await shown(page, '#roster-relation').fill('户主')
  await shown(page, '#roster-save').click()
  await page.locator('.fz-household__name:visible', { hasText: '周新' }).waitFor()
  await shown(page, '#visit-new').click()
  await shown(page, '#outcome-met').click()
  await shown(page, '#visit-save').click()
  await page.locator('#roster-member:visible').waitFor()
  await snap(page, 'from-empty-03-worker-offline')

  await page.goto(`${server.url}/#/pages/home/index`)
  await page.getByText('待同步 3 条').waitFor()
  await phone.setOffline(false)
  await shown(page, '#sync-now').click()
  await page.getByText('待同步 0 条').waitFor()
  const added = await k.selectFrom('households').select(['id', 'covered', 'grid_id']).where('doorplate', '=', '东风村1组9号').executeTakeFirstOrThrow()
  expect(added).toMatchObject({ covered: 1, grid_id: grid.id })
  expect(await gridRow()).toMatchObject({ households: 3, visited: 1 })

  // The village head: the household counted, the changes under 名册变更.
  const headPage = await (await newPhone(browser)).newPage()
  await loginInBrowser(headPage, server.url, headCode)
  await expectText(shown(headPage, `#row-${grid.id}`), '户数 3')
  await shown(headPage, '#open-roster-changes').click()
  const list = headPage.locator('#roster-changes-list:visible')
  await expectText(list, '新增住户 东风村1组9号（户主 周新）')
  await expectText(list, '新增家庭成员 周新')
  await headPage.waitForTimeout(500) // the page's slide-in, for the picture
  await snap(headPage, 'from-empty-04-village-head-changes')
})
