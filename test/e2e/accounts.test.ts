// The H5 build against the real server in Chromium: the first county admin sets up an empty server from the printed
// code; a town official adds a grid worker, issues their 绑定码 (QR) and 登录码, the worker signs in with it, and
// 退出登录 ends that session on the server.
import type { Browser, Page } from 'playwright-core'
import { issueSetupCode } from '../../server/src/services/setup'
import { api, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'

jest.setTimeout(120_000)

/** The bits of an <img> the checks read (the test's tsconfig has no DOM types). */
type Img = { complete: boolean; naturalWidth: number }

describe('first-run setup in the browser', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    ;({ server, browser } = await startApp({ seed: false }))
  })
  afterAll(async () => stopApp({ server, browser }))

  it('offers 首次设置 on the login page, makes the county and signs the admin in with their login code shown', async () => {
    const { code } = await issueSetupCode(server.db, Date.now())
    const page = await (await newPhone(browser)).newPage()
    await page.goto(server.url + '/')
    await page.locator('#open-setup').click()
    await page.fill('#setup-code', code)
    await page.fill('#setup-county', '清河县')
    await page.fill('#setup-admin', '王建国')
    await page.locator('#setup-submit').click()
    const loginCode = (await page.locator('#setup-login-code').textContent({ timeout: 10_000 }))!.trim()
    expect(loginCode.replace(/-/g, '')).toMatch(/^[2-9A-HJKMNP-Z]{20}$/)
    await snap(page, 'accounts-setup-done')
    await page.locator('#setup-enter').click()
    await expectText(page.locator('.fz-title').first(), '清河县')
    // The link the server prints opens the same page with the code filled in; now it says the setup is done.
    await page.goto(`${server.url}/#/pkg-official/setup/index?code=${code}`)
    await expectText(page.locator('#setup-closed'), '已完成首次设置')
  })
})

describe('staff accounts in the browser', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    ;({ server, browser } = await startApp())
  })
  afterAll(async () => stopApp({ server, browser }))

  // Pages opened before stay in the H5 DOM: only what is shown counts.
  const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`)

  async function actOn(page: Page, userId: string, action: string): Promise<void> {
    await shown(page, `#staff-${userId}`).click()
    await page.locator('.taro-actionsheet__cell:visible', { hasText: action }).click()
  }

  /** 确定 in Taro's H5 modal. */
  const confirm = (page: Page) => page.locator('.taro-modal__foot :text-is("确定"):visible').click()

  it('adds a grid worker, issues a 绑定码 with its QR and a 登录码 the worker signs in with', async () => {
    const official = await (await newPhone(browser)).newPage()
    await loginInBrowser(official, server.url, 'demo-t1')
    await shown(official, '#open-staff').click()
    await expectText(shown(official, '#staff-list'), '村/社区负责人')
    // Down to a grid: the town's villages, then the village's grids.
    await shown(official, '#staff-area-t1-v02').click()
    await shown(official, '#staff-area-t1-v02-g1').click()
    await shown(official, '#staff-add-open').click()
    await shown(official, '#staff-add-name').fill('赵小红')
    await shown(official, '#staff-add-phone').fill('13912345678')
    await shown(official, '#staff-add-save').click()
    await expectText(shown(official, '#staff-list'), '139****5678')
    const worker = await server.db.kysely.selectFrom('users').select('id').where('name', '=', '赵小红').executeTakeFirstOrThrow()

    await actOn(official, worker.id, '发放绑定码')
    await expectText(shown(official, '#staff-issued'), '有效期至')
    const qrLoaded = await shown(official, '#staff-bind-qr img').evaluate((el) => {
      const img = el as unknown as Img
      return img.complete && img.naturalWidth > 0
    })
    expect(qrLoaded).toBe(true)
    await snap(official, 'accounts-bind-code')
    await shown(official, '#staff-issued-close').click()

    await actOn(official, worker.id, '发放登录码')
    const loginCode = (await shown(official, '#staff-issued-code').textContent({ timeout: 10_000 }))!.trim()
    expect(loginCode.replace(/-/g, '')).toHaveLength(20)

    const phone = await (await newPhone(browser)).newPage()
    await loginInBrowser(phone, server.url, loginCode)
    await phone.waitForURL(/pages\/home/, { timeout: 10_000 })
    const sessions = () => server.db.kysely.selectFrom('sessions').select('token_hash').where('user_id', '=', worker.id).execute()
    expect(await sessions()).toHaveLength(1)
    await shown(phone, '#logout').click()
    await expectText(shown(phone, '#logout-sheet'), '确定退出当前账号？')
    await shown(phone, '#logout-confirm').click()
    await phone.waitForURL(/pages\/login/, { timeout: 10_000 })
    expect(await sessions()).toHaveLength(0)

    // Stopped: a login with the code is refused with the reason.
    await actOn(official, worker.id, '停用')
    await confirm(official)
    await expectText(shown(official, `#staff-${worker.id}`), '已停用')
    const res = await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: loginCode } })
    expect(res.body.error.code).toBe('ACCOUNT_DISABLED')
  })
})
