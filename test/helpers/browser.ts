// Headless Debian Chromium driven by playwright-core (never a downloaded browser), phone-sized.
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { startTestServer, type TestServer } from './test-server'

export const ARTIFACTS = path.resolve(__dirname, '../artifacts')

export async function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  })
}

/** A fresh phone: its own storage, a 390×844 screen, Chinese locale, Beijing time. */
export function newPhone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
}

export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false })
}

export async function loginInBrowser(page: Page, baseUrl: string, code: string): Promise<void> {
  await page.goto(baseUrl + '/')
  await page.fill('#login-code', code)
  await page.locator('#login-submit').click()
  await waitForOfflineReady(page)
}

/**
 * The app is kept on the phone for use without signal, as after any first visit: the service worker (/sw.js) has
 * its pages and scripts and controls the page. The H5 build loads each page as a chunk of its own, so a test that
 * cuts the network right after signing in waits for this first, as a phone would have had it a few seconds later.
 */
export async function waitForOfflineReady(page: Page): Promise<void> {
  // Polled with evaluate (run through the DevTools protocol): waitForFunction's string form is an eval the CSP refuses.
  const deadline = Date.now() + 30_000
  while (!(await page.evaluate('!!(navigator.serviceWorker && navigator.serviceWorker.controller)').catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the service worker never took control of the page')
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** playwright-core ships no test runner: waits until the element's text contains `text`. */
export async function expectText(locator: Locator, text: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    last = (await locator.textContent({ timeout: 1000 }).catch(() => '')) ?? ''
    if (last.includes(text)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`expected ${locator} to contain "${text}", got "${last}"`)
}

/** The real server serving the H5 build, and one Chromium, for a browser test file. */
export async function startApp(opts: Parameters<typeof startTestServer>[0] = {}): Promise<{ server: TestServer; browser: Browser }> {
  const server = await startTestServer({ ...opts, config: { H5_DIR: path.resolve(__dirname, '../..', process.env.TEST_H5_DIR ?? 'dist-h5'), ...opts.config } })
  return { server, browser: await launchBrowser() }
}

export async function stopApp(app: { server?: TestServer; browser?: Browser }): Promise<void> {
  await app.browser?.close()
  await app.server?.close()
}
