// The 导入 page in the H5 build: a town official downloads the register template, chooses a file with a bad row,
// sees the check's counts and the refused row's reason, applies, and the good rows are in the database. The file no
// longer lists a household the worker has visited: 不在名册待核实 opens its list, and 移出名册 takes it off the register.
import type { Page } from 'playwright-core'
import type { Browser } from 'playwright-core'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { xlsxOf } from '../helpers/imports'
import { visitRecord } from '../helpers/records'

jest.setTimeout(120_000)

describe('导入 in the browser', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    ;({ server, browser } = await startApp())
  })
  afterAll(async () => stopApp({ server, browser }))

  const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`)

  it('checks a register, shows the refused row, applies the rest', async () => {
    const k = server.db.kysely
    const name = async (id: string) => (await k.selectFrom('areas').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name
    const [town, village, grid] = [await name('t1'), await name('t1-v01'), await name('t1-v01-g1')]
    // A visit makes one of the grid's households one with records: the file below no longer lists it.
    const visited = await k.selectFrom('households').select(['id', 'doorplate']).where('grid_id', '=', 't1-v01-g1').orderBy('id').executeTakeFirstOrThrow()
    const worker = await loginAs(server.url, 'demo-t1-v01-g1')
    expect((await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records: [visitRecord(visited.id)] } })).status).toBe(200)
    const page = await (await newPhone(browser)).newPage()
    await loginInBrowser(page, server.url, 'demo-t1')
    await shown(page, '#open-import').click()
    await shown(page, '#import-kind-register').click()

    const template = page.waitForEvent('download')
    await shown(page, '#import-template').click()
    expect((await template).suggestedFilename()).toContain('户籍花名册')

    const file = await xlsxOf({
      花名册: [
        ['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名', '出生日期'],
        [town, village, grid, '新华路1号', '吴一', '吴一', '1970-01-01'],
        [town, village, grid, '新华路1号', '吴一', '吴二', '1999'],
        [town, village, '第99网格', '新华路2号', '吴三', '吴三', '1980'],
      ],
    })
    const chooser = page.waitForEvent('filechooser')
    await shown(page, '#import-choose').click()
    await (await chooser).setFiles({ name: '花名册.xlsx', mimeType: 'application/octet-stream', buffer: file })
    await expectText(shown(page, '#import-status'), '试导入完成', 20_000)
    await expectText(shown(page, '#import-rows'), '新增 2')
    await expectText(shown(page, '#import-refused'), '找不到网格「第99网格」')
    await snap(page, 'import-checked')

    await shown(page, '#import-apply').click()
    await page.locator('.taro-modal__foot :text-is("确定"):visible').click()
    await expectText(shown(page, '#import-status'), '已应用', 20_000)
    const added = await k.selectFrom('residents').select('name').where('name', 'in', ['吴一', '吴二', '吴三']).execute()
    expect(added.map((r) => r.name).sort()).toEqual(['吴一', '吴二'])

    // 不在名册: the visited household is listed for confirmation; 移出名册 takes it off the register, its visit kept.
    await shown(page, '#import-off-register').click()
    await expectText(shown(page, '#off-register-total'), '待核实：1 户，0 人')
    await expectText(shown(page, `#off-register-${visited.id}`), visited.doorplate)
    // The page slides in; the picture waits for it to settle.
    await page.waitForTimeout(600)
    await snap(page, 'off-register-list')
    await shown(page, `#off-register-remove-${visited.id}`).click()
    await page.locator('.taro-modal__foot :text-is("确定"):visible').click()
    await expectText(shown(page, '#off-register-notice'), '已将')
    await expectText(shown(page, '#off-register-total'), '待核实：0 户，0 人')
    await expect(shown(page, `#off-register-${visited.id}`).count()).resolves.toBe(0)
    expect(await k.selectFrom('households').select(['deleted_at', 'roster_status', 'off_register_at']).where('id', '=', visited.id).executeTakeFirstOrThrow()).toEqual({
      deleted_at: expect.any(Number),
      roster_status: 'moved_out',
      off_register_at: null,
    })
    expect(await k.selectFrom('records').select('id').where('household_id', '=', visited.id).execute()).toHaveLength(1)
  })
})
