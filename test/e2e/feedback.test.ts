// The H5 build against the real server in Chromium: a grid worker sends a 建议 from their home page, the county admin
// answers it from the dashboard's 投诉建议, and the worker then reads the answer under their own item. A resident goes
// from the signing page to 投诉建议 and asks to see their data, leaving a phone shown to them masked.
import { randomBytes } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { createSignLink } from '../../src/core/sign-link'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'

jest.setTimeout(120_000)

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`)
const SUGGESTION = '建议给老人多发大字版宣传册'
const ANSWER = '已安排印制大字版，下周发到各村'

it('a worker sends a suggestion, the county admin answers it, the worker sees the answer', async () => {
  const workerPhone = await newPhone(browser)
  const worker = await workerPhone.newPage()
  await loginInBrowser(worker, server.url, 'demo-t1-v01-g1')
  await shown(worker, '#open-feedback').click()
  await shown(worker, '#fb-cat-suggestion').click()
  await worker.fill('#fb-text', SUGGESTION)
  await shown(worker, '#fb-send').click()
  await expectText(shown(worker, '.fz-fb__item'), SUGGESTION)
  await expectText(shown(worker, '.fz-fb__item'), '待处理')

  const row = await server.db.kysely.selectFrom('feedback').select(['id', 'category', 'text']).executeTakeFirstOrThrow()
  expect(row).toMatchObject({ category: 'suggestion', text: SUGGESTION })

  const countyPhone = await newPhone(browser)
  const county = await countyPhone.newPage()
  await loginInBrowser(county, server.url, 'demo-county')
  await shown(county, '#open-feedback').click()
  await shown(county, '#fb-tab-inbox').click()
  await expectText(shown(county, `#fb-item-${row.id}`), SUGGESTION)
  await county.fill(`#fb-answer-${row.id}`, ANSWER)
  await shown(county, `#fb-reply-${row.id}`).click()
  await expectText(shown(county, `#fb-answer-text-${row.id}`), ANSWER)
  await snap(county, 'feedback-county-answered')

  await worker.reload()
  await expectText(shown(worker, `#fb-answer-text-${row.id}`), ANSWER)
  await expectText(shown(worker, `#fb-item-${row.id}`), '已答复')
  await snap(worker, 'feedback-worker-sees-answer')
})

it('a resident opens 投诉建议 from the signing page and asks to see their data', async () => {
  const worker = await loginAs(server.url, 'demo-t1-v01-g1')
  const get = (path: string) => api(server.url, 'GET', path, { token: worker })
  const [me, key, tpl] = await Promise.all([get('/api/v1/me'), get('/api/v1/me/link-key'), get('/api/v1/pledge-templates/current')])
  const token = createSignLink(key.body.linkKey, { u: me.body.id, h: 't1-v01-g1-h002', t: tpl.body.id, v: tpl.body.contentHash, iat: Date.now(), n: randomBytes(12).toString('base64url') })

  const page = await (await newPhone(browser)).newPage()
  await page.goto(`${server.url}/#/pages/sign/index?token=${token}`)
  await shown(page, '#sign-feedback').click()
  await shown(page, '#fb-cat-personal_info').click()
  await page.fill('#fb-text', '想查阅我家登记的信息')
  await page.fill('#fb-phone', '13812345678')
  await shown(page, '#fb-send').click()
  await expectText(shown(page, '.fz-fb__item'), '138****5678')
  await expectText(shown(page, '.fz-fb__item'), '个人信息')
  await snap(page, 'feedback-resident-sent')

  const stored = await server.db.kysely.selectFrom('feedback').selectAll().where('user_id', 'is', null).executeTakeFirstOrThrow()
  expect(stored).toMatchObject({ category: 'personal_info', contact_phone: '13812345678', household_id: 't1-v01-g1-h002' })
})
