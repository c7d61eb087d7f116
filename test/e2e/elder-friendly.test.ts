// The H5 build against the real server in Chromium on a 375×812 phone: the 适老化 rules (MIIT's rules for apps) where
// residents touch the product, and the worker's own 字号 setting, measured with getBoundingClientRect and computed
// styles at the standard size and at the largest scale.
// (a) The resident's signing page from a link: exactly one primary (red) button; body text ≥ 18 px; every tap
//     target ≥ 60 px high; contrast ≥ 4.5:1; signing completes on 提交签署 (no 确定 under the pad); the copy page
//     after it keeps the rules. Then again with the browser's font size at 24 px (scale 1.5). On a 360×640 phone
//     提交签署 is on the first screen (sticky bar) and a refused 提交 scrolls its first message into view.
// (b) The worker's phone: 超大字 on the list page applies at once, is remembered across a reload, and nothing runs
//     off the screen, clips or overlaps on the list and the household page; 本机签署 keeps the resident's rules
//     and its 确认签署 stays on screen. Every page also keeps the whole document at the screen's width.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { createSignLink } from '../../src/core/sign-link'
import { api, loginAs, type TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, snap, startApp, stopApp } from '../helpers/browser'

jest.setTimeout(240_000)

const GRID = 't1-v01-g1'
const WORKER = 'demo-t1-v01-g1'
const WORKER_ID = 'u-t1-v01-g1'
const WIDTH = 375

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

/** The phone: 375×812, touch, Chinese, Beijing time. */
function phone(): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: WIDTH, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
}

interface Measured {
  scale: number
  primaries: string[]
  /** Text with its font size in px and its contrast against the background behind it. */
  texts: Array<{ text: string; size: number; contrast: number }>
  targets: Array<{ what: string; height: number }>
  /** Elements reaching past the screen's sides. */
  offscreen: string[]
  /** Elements whose content is cut off by their own box. */
  clipped: string[]
  /** Siblings in one row that cover each other. */
  overlaps: string[]
  /** The visible page's own scroll width: more than the screen means a sideways scroll. */
  scrollWidth: number
  /** The whole document's scroll width, hidden pages of the stack and Taro's page containers included. */
  documentWidth: number
}

// Runs in the page (a string, so the test's TypeScript needs no DOM types): the visible page is the last visible
// .fz-page (Taro keeps earlier pages of the stack in the document, hidden).
const MEASURE = `(() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect()
    const cs = getComputedStyle(el)
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'
  }
  const name = (el) => (el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.')) + ' "' + (el.textContent || '').trim().slice(0, 16) + '"'
  const roots = Array.from(document.querySelectorAll('.fz-page')).filter(visible)
  const root = roots[roots.length - 1]
  const rgba = (s) => { const m = s.match(/[\\d.]+/g) || []; return m.map(Number).concat([1]).slice(0, 4) }
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4) }
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
  }
  const backgroundOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor)
      if (c[3] > 0.5) return c
    }
    return [255, 255, 255, 1]
  }
  const contrastOf = (el) => {
    const fg = rgba(getComputedStyle(el).color), bg = backgroundOf(el)
    const mix = fg.slice(0, 3).map((c, i) => c * fg[3] + bg[i] * (1 - fg[3]))
    const a = lum(mix), b = lum(bg)
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
  }
  const texts = []
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) {
    const n = walker.currentNode
    const t = (n.textContent || '').trim()
    const el = n.parentElement
    if (!t || !el || !visible(el)) continue
    texts.push({ text: t.slice(0, 24), size: parseFloat(getComputedStyle(el).fontSize), contrast: Math.round(contrastOf(el) * 100) / 100 })
  }
  for (const input of Array.from(root.querySelectorAll('input, textarea')).filter(visible)) {
    texts.push({ text: 'input#' + input.id, size: parseFloat(getComputedStyle(input).fontSize), contrast: Math.round(contrastOf(input) * 100) / 100 })
  }
  const targets = Array.from(root.querySelectorAll('.fz-btn, .fz-link, .fz-input, .fz-pledge__person, .fz-type-picker__chip, canvas, a[href], textarea'))
    .filter(visible)
    .map((el) => ({ what: name(el), height: Math.round(el.getBoundingClientRect().height * 10) / 10 }))
  const primaries = Array.from(root.querySelectorAll('*'))
    .filter(visible)
    .filter((el) => /^rgba?\\((183, 28, 28|198, 40, 40)/.test(getComputedStyle(el).backgroundColor))
    .map(name)
  const vw = document.documentElement.clientWidth
  const all = Array.from(root.querySelectorAll('*')).filter(visible)
  // A photo in aspectFill mode is wider than its box on purpose (the box crops it), so pictures are left out.
  const offscreen = all
    .filter((el) => el.tagName !== 'IMG')
    .filter((el) => { const r = el.getBoundingClientRect(); return r.left < -0.5 || r.right > vw + 0.5 })
    .map(name)
  const clipped = all
    .filter((el) => {
      if (el.tagName === 'CANVAS' || el.tagName === 'IMG' || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return false
      const cs = getComputedStyle(el)
      const cutX = cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1
      const cutY = cs.overflowY !== 'visible' && cs.overflowY !== 'auto' && cs.overflowY !== 'scroll' && el.scrollHeight > el.clientHeight + 1
      return (cutX || cutY) && (el.textContent || '').trim() !== ''
    })
    .map(name)
  const overlaps = []
  for (const row of Array.from(root.querySelectorAll('.fz-row')).filter(visible)) {
    const kids = Array.from(row.children).filter(visible).map((el) => [el, el.getBoundingClientRect()])
    for (let i = 0; i < kids.length; i++)
      for (let j = i + 1; j < kids.length; j++) {
        const a = kids[i][1], b = kids[j][1]
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
        if (w > 1 && h > 1) overlaps.push(name(kids[i][0]) + ' × ' + name(kids[j][0]))
      }
  }
  return {
    scale: parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--fz-scale')) || 1,
    primaries, texts, targets, offscreen, clipped, overlaps,
    scrollWidth: root.scrollWidth,
    documentWidth: document.documentElement.scrollWidth,
  }
})()`

async function measure(page: Page): Promise<Measured> {
  const m = (await page.evaluate(MEASURE)) as Measured
  if (process.env.ELDER_DEBUG) console.log(JSON.stringify(m))
  return m
}

/** Waits for Taro's slide-in to end: the visible page's left edge still at 0. */
async function settled(page: Page): Promise<void> {
  let last = NaN
  for (let i = 0; i < 50; i++) {
    const x = (await page.locator('.fz-page:visible').last().boundingBox())?.x ?? NaN
    if (Math.abs(x - last) < 0.5 && Math.abs(x) < 0.5) return
    last = x
    await page.waitForTimeout(100)
  }
  throw new Error('page did not settle')
}

/** Nothing past the screen's sides, nothing clipped, nothing overlapping: the page fits at this scale. */
function expectFits(m: Measured, where: string): void {
  expect({ where, offscreen: m.offscreen, clipped: m.clipped, overlaps: m.overlaps }).toEqual({ where, offscreen: [], clipped: [], overlaps: [] })
  expect({ where, scrollWidth: m.scrollWidth, documentWidth: m.documentWidth }).toEqual({ where, scrollWidth: WIDTH, documentWidth: WIDTH })
}

/** The element lies wholly on the screen; with `clearOfBar`, also above the sticky 提交 bar (not hidden behind it). */
async function inView(page: Page, el: Locator, clearOfBar = false): Promise<boolean> {
  const box = await el.boundingBox()
  const bar = clearOfBar ? await page.locator('.fz-save-bar:visible').last().boundingBox() : null
  const screen = page.viewportSize()!
  const bottom = bar ? bar.y : screen.height
  return !!box && box.y >= 0 && box.y + box.height <= bottom + 0.5 && box.x >= 0 && box.x + box.width <= screen.width + 0.5
}

/** A refused 提交 shows its first message where the resident can read it (scrolled into view, clear of the bar). */
async function errorInView(page: Page, text: string): Promise<void> {
  const error = page.locator('.fz-error:visible', { hasText: text }).first()
  await error.waitFor()
  // The scroll is smooth: wait until the message has stopped moving (a busy machine makes it slow).
  let last = -1
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(150)
    const y = (await error.boundingBox())?.y ?? -1
    if (Math.abs(y - last) < 0.5) break
    last = y
  }
  const box = await error.boundingBox()
  expect({ text, inView: await inView(page, error, true), box }).toEqual({ text, inView: true, box })
}

/** MIIT's 适老化 rules on a resident's screen, with body text at 18 px × the scale at least. */
function expectElderly(m: Measured, where: string, scale: number): void {
  expect(m.scale).toBeCloseTo(scale, 2)
  const small = m.texts.filter((t) => t.size < 18 * scale - 0.1)
  expect({ where, small }).toEqual({ where, small: [] })
  const faint = m.texts.filter((t) => t.contrast < 4.5)
  expect({ where, faint }).toEqual({ where, faint: [] })
  const short = m.targets.filter((t) => t.height < 60)
  expect({ where, short }).toEqual({ where, short: [] })
  expect(m.targets.length).toBeGreaterThan(0)
  expect(m.primaries.length).toBeLessThanOrEqual(1)
  expectFits(m, where)
}

async function households(n: number) {
  return server.db.kysely.selectFrom('households').select(['id', 'doorplate']).where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id').limit(n).execute()
}

/** A fresh signing link for a household, made with the worker's own key as the worker's phone makes it. */
async function signLink(householdId: string, nonce: string): Promise<string> {
  const token = await loginAs(server.url, WORKER)
  const { linkKey } = (await api(server.url, 'GET', '/api/v1/me/link-key', { token })).body as { linkKey: string }
  const t = (await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=1', { token })).body.templates[0]
  const link = createSignLink(linkKey, { u: WORKER_ID, h: householdId, t: t.id, v: t.contentHash, iat: Date.now(), n: nonce })
  return `${server.url}/#/pages/sign/index?token=${link}`
}

/** A zigzag across the pad with the mouse, as a finger would draw it. */
async function drawSignature(page: Page): Promise<void> {
  const pad = page.locator('#signature-pad:visible')
  await pad.scrollIntoViewIfNeeded()
  const box = await pad.boundingBox()
  if (!box) throw new Error('signature pad not visible')
  const at = (x: number, y: number) => [box.x + box.width * x, box.y + box.height * y] as const
  const points = [at(0.12, 0.6), at(0.3, 0.3), at(0.5, 0.7), at(0.7, 0.3), at(0.88, 0.6)]
  await page.mouse.move(...points[0])
  await page.mouse.down()
  for (const p of points.slice(1)) await page.mouse.move(...p, { steps: 8 })
  await page.mouse.up()
}

/** The resident's page from a link: measured, signed with 提交签署 alone, and the copy page measured. */
async function residentSigns(page: Page, householdId: string, scale: number, label: string): Promise<void> {
  await page.goto(await signLink(householdId, `e2e-elder-${label}`))
  await page.locator('#pledge-text').waitFor()
  await settled(page)
  await snap(page, `elder-${label}-01-sign-page`)

  const before = await measure(page)
  // Exactly one primary action, and it is 提交签署; the pad's own button is the grey 重写, and there is no 确定.
  expect(before.primaries).toHaveLength(1)
  expect(before.primaries[0]).toContain('#sign-submit')
  expect(await page.locator('#signature-confirm').count()).toBe(0)
  expect(await page.locator('.fz-btn--primary').count()).toBe(1)
  expect(before.targets.map((t) => t.what).join(' ')).toContain('#signature-clear')
  expectElderly(before, `${label}: signing page`, scale)

  await page.fill('#sign-name', '王秀英')
  await drawSignature(page)
  await page.locator('#sign-submit').click()
  await page.locator('#sign-done').waitFor()
  await expectText(page.locator('#copy-signer'), '王秀英')
  await settled(page)
  await snap(page, `elder-${label}-02-copy-page`)
  expectElderly(await measure(page), `${label}: copy page`, scale)
}

it('(a) the resident signing page: one primary button, signing on 提交签署, large type at 1.0 and at the browser font size of 24 px', async () => {
  const [h1, h2] = await households(2)

  const standard = await phone()
  await residentSigns(await standard.newPage(), h1.id, 1, 'standard')
  await standard.close()

  // The browser's own font setting (Chromium's default font size, what a user changes in its settings): 24 px.
  const large = await phone()
  const page = await large.newPage()
  const cdp = await large.newCDPSession(page)
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24 } })
  await residentSigns(page, h2.id, 1.5, 'browser-24px')
  await large.close()

  const stored = await server.db.kysely.selectFrom('pledges').select(['household_id', 'signer_name']).where('household_id', 'in', [h1.id, h2.id]).execute()
  expect(stored.map((p) => p.household_id).sort()).toEqual([h1.id, h2.id].sort())
})

it('(a) on a 360×640 phone 提交签署 is on screen without scrolling, and a refused 提交 brings its message into view', async () => {
  const [, , h3] = await households(3)
  const small = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await small.newPage()
  await page.goto(await signLink(h3.id, 'e2e-elder-small'))
  await page.locator('#pledge-text').waitFor()
  await settled(page)
  const submit = page.locator('#sign-submit')
  // The page is several screens long (the pledge, the notice, the name, the pad), yet 提交签署 is on the first one.
  expect((await page.locator('.fz-page:visible').last().boundingBox())!.height).toBeGreaterThan(640 * 1.5)
  expect(await inView(page, submit)).toBe(true)
  await snap(page, 'elder-small-01-sign-top-360')
  // Nothing filled in: 请填写您的姓名 (below the screen) is brought up.
  await submit.click()
  await errorInView(page, '请填写您的姓名')
  await snap(page, 'elder-small-02-name-error-360')
  // A name but no signature, tapped from the top of the page: 还没有签名 under the pad is brought down to.
  await page.fill('#sign-name', '王秀英')
  await page.mouse.wheel(0, -5000)
  await page.waitForTimeout(300)
  expect(await inView(page, submit)).toBe(true)
  await submit.click()
  await errorInView(page, '还没有签名')
  expect(await inView(page, submit)).toBe(true)
  await snap(page, 'elder-small-03-signature-error-360')
  await small.close()
})

it("(b) the worker's 字号: 超大字 applies at once, is remembered, and the list, household and 本机签署 pages fit", async () => {
  const [h] = await households(1)
  const ctx = await phone()
  const page = await ctx.newPage()
  await loginInBrowser(page, server.url, WORKER)
  await page.getByText('待同步 0 条').waitFor()
  await page.locator(`#hh-${h.id}`).waitFor()

  // Standard: list and household page fit; the 字号 entry sits at the foot of the list.
  await settled(page)
  let m = await measure(page)
  expect(m.scale).toBe(1)
  expectFits(m, 'standard: list')
  const standardRow = (await page.locator(`#hh-${h.id}`).boundingBox())!.height
  await page.locator(`#hh-${h.id}`).click()
  await page.locator('#pledge-on-device:visible').waitFor()
  await settled(page)
  expectFits(await measure(page), 'standard: household page')
  await page.goBack()

  // 超大字: the chip is a tap away at the foot of the list and applies to the page at once.
  await page.locator('#type-level-xlarge:visible').scrollIntoViewIfNeeded()
  await snap(page, 'elder-worker-01-type-level-standard')
  await page.locator('#type-level-xlarge:visible').click()
  await page.waitForFunction("document.documentElement.classList.contains('fz-type--xlarge')")
  m = await measure(page)
  expect(m.scale).toBe(1.5)
  await snap(page, 'elder-worker-02-type-level-xlarge')

  // Remembered on the phone: a reload keeps it.
  await page.reload()
  await page.locator(`#hh-${h.id}`).waitFor()
  await settled(page)
  m = await measure(page)
  expect(m.scale).toBe(1.5)
  expect((await page.locator(`#hh-${h.id}`).boundingBox())!.height).toBeGreaterThan(standardRow * 1.2)
  const doorplate = Number(await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('#hh-${h.id} .fz-home__doorplate')).fontSize)`))
  expect(doorplate).toBe(27)
  expectFits(m, 'xlarge: list')
  await page.locator('#type-level').scrollIntoViewIfNeeded()
  expectFits(await measure(page), 'xlarge: list, foot')
  await snap(page, 'elder-worker-03-list-xlarge')

  await page.locator(`#hh-${h.id}`).scrollIntoViewIfNeeded()
  await page.locator(`#hh-${h.id}`).click()
  await page.locator('#pledge-on-device:visible').waitFor()
  await settled(page)
  expectFits(await measure(page), 'xlarge: household page')
  await snap(page, 'elder-worker-04-household-xlarge')
  await page.locator('#pledge-on-device:visible').scrollIntoViewIfNeeded()
  expectFits(await measure(page), 'xlarge: household page, pledges')

  // 本机签署 at 超大字: the resident's rules hold on the worker's phone too, and 确认签署 alone signs.
  await page.locator('#pledge-on-device:visible').click()
  await page.locator('#pledge-text:visible').waitFor()
  await settled(page)
  m = await measure(page)
  expect(m.primaries).toHaveLength(1)
  expect(m.primaries[0]).toContain('#pledge-submit')
  expectElderly(m, 'xlarge: 本机签署', 1.5)
  await snap(page, 'elder-worker-05-pledge-sign-xlarge')
  // 确认签署 is on the first screen of this long page; tapped with nothing filled in, the name's message comes up.
  expect((await page.locator('.fz-page:visible').last().boundingBox())!.height).toBeGreaterThan(812 * 1.5)
  expect(await inView(page, page.locator('#pledge-submit:visible'))).toBe(true)
  await page.locator('#pledge-submit:visible').click()
  await errorInView(page, '请填写签名人姓名')
  await snap(page, 'elder-worker-05b-pledge-sign-name-error')
  await page.fill('#signer-name:visible', '李桂兰')
  await drawSignature(page)
  await page.locator('#pledge-submit:visible').click()
  await page.locator('#pledge-done:visible').waitFor()
  await settled(page)
  expectElderly(await measure(page), 'xlarge: 本机签署 copy', 1.5)
  await snap(page, 'elder-worker-06-pledge-copy-xlarge')
  await ctx.close()
})
