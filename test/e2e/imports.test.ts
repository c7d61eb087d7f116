// The 导入 page in the H5 build: a town official downloads the register template, chooses a file with a bad row,
// sees the check's counts and the refused row's reason, applies, and the good rows are in the database.
import type { Page } from 'playwright-core'
import type { Browser } from 'playwright-core'
import type { TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'
import { xlsxOf } from '../helpers/imports'

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
  })
})
