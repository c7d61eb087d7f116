// Cold loads of the H5 build in Chromium, as a phone with an empty browser cache would make them, optionally over an
// emulated weak network and a slower CPU (Chrome DevTools Protocol): the time to the first text on screen, the time
// until the page is usable, and the JavaScript it fetched before that (bytes as transferred, i.e. compressed, with
// headers). Used by the H5 build test (JS budgets) and bench/h5-cold-load.ts (issue 14).
import type { Browser, BrowserContext } from 'playwright-core'
import { createSignLink } from '../../src/core/sign-link'
import { signPageUrl } from '../../src/stores/pledge-view'
import { api, loginAs } from './test-server'
import { loginInBrowser, newPhone } from './browser'

export interface NetworkProfile {
  name: string
  downloadKbps: number
  uploadKbps: number
  latencyMs: number
}

/** The two links: a fair 3G signal and one bar. */
export const NETWORKS: Record<'fair' | 'weak', NetworkProfile> = {
  fair: { name: '1.6 Mbps / 150 ms', downloadKbps: 1600, uploadKbps: 750, latencyMs: 150 },
  weak: { name: '400 kbps / 400 ms', downloadKbps: 400, uploadKbps: 400, latencyMs: 400 },
}

export interface ColdLoad {
  /** First contentful paint: the first text on screen (ms from navigation start). */
  firstTextMs: number
  /** When the page's own content (`ready`) was visible (ms from navigation start). */
  usableMs: number
  /** JavaScript requested before the page was usable: bytes on the wire (compressed), and the files. */
  jsBytes: number
  jsFiles: string[]
  /** Every JavaScript file fetched during the whole load, including what was fetched after it was usable. */
  allJsBytes: number
}

/** A signing link for a household of the worker's grid, made with the worker's own key (as the app makes it). */
export async function signingLink(baseUrl: string, workerCode = 'demo-t1-v01-g1', userId = 'u-t1-v01-g1'): Promise<string> {
  const token = await loginAs(baseUrl, workerCode)
  const { linkKey } = (await api(baseUrl, 'GET', '/api/v1/me/link-key', { token })).body as { linkKey: string }
  const pull = (await api(baseUrl, 'GET', '/api/v1/sync/pull?cursor=0&limit=50', { token })).body as {
    templates: { id: string; contentHash: string }[]
    households: { id: string }[]
  }
  const t = pull.templates[0]
  const h = pull.households[0]
  const nonce = `cold-${Date.now()}-${Math.random().toString(36).slice(2)}`
  const link = createSignLink(linkKey, { u: userId, h: h.id, t: t.id, v: t.contentHash, iat: Date.now(), n: nonce })
  return signPageUrl(baseUrl, link)
}

/** A worker's browser storage after one online session (signed in, the grid pulled), to start cold loads from. */
export async function workerStorage(browser: Browser, baseUrl: string, code = 'demo-t1-v01-g1') {
  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, baseUrl, code)
  await page.locator('[id^="hh-t"]:visible').first().waitFor({ timeout: 60_000 })
  await page.getByText('待同步 0 条').waitFor({ timeout: 60_000 })
  const state = await phone.storageState()
  await phone.close()
  return state
}

/** One cold load of `url` in a fresh context (no HTTP cache, no service worker), until `ready` is visible. */
export async function coldLoad(
  browser: Browser,
  url: string,
  ready: string,
  opts: { network?: NetworkProfile; cpuSlowdown?: number; storageState?: Awaited<ReturnType<BrowserContext['storageState']>>; timeoutMs?: number } = {},
): Promise<ColdLoad> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'block',
    storageState: opts.storageState,
  })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    if (opts.network) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: opts.network.latencyMs,
        downloadThroughput: (opts.network.downloadKbps * 1000) / 8,
        uploadThroughput: (opts.network.uploadKbps * 1000) / 8,
      })
    }
    if (opts.cpuSlowdown) await cdp.send('Emulation.setCPUThrottlingRate', { rate: opts.cpuSlowdown })

    const scripts = new Map<string, { url: string; started: number; bytes: number }>()
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Script' || /\.js(\?|$)/.test(e.request.url)) scripts.set(e.requestId, { url: e.request.url, started: e.timestamp, bytes: 0 })
    })
    cdp.on('Network.loadingFinished', (e) => {
      const s = scripts.get(e.requestId)
      if (s) s.bytes = e.encodedDataLength
    })

    const timeoutMs = opts.timeoutMs ?? 60_000
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs })
    await page.locator(ready).first().waitFor({ state: 'visible', timeout: timeoutMs })
    const usableAt = (await page.evaluate('performance.now()')) as number
    const firstTextMs = (await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`)) as number
    // Wait for anything still in flight to finish so its size is known.
    await page.waitForTimeout(200)
    // Scripts whose request started (by the page's resource timing) before the page was usable.
    const starts = (await page.evaluate(`performance.getEntriesByType('resource').map((r) => ({ name: r.name, start: r.startTime }))`)) as {
      name: string
      start: number
    }[]
    const startOf = new Map(starts.map((s) => [s.name, s.start]))
    const all = [...scripts.values()]
    const before = all.filter((s) => (startOf.get(s.url) ?? Infinity) <= usableAt)
    return {
      firstTextMs,
      usableMs: usableAt,
      jsBytes: before.reduce((n, s) => n + s.bytes, 0),
      jsFiles: before.map((s) => new URL(s.url).pathname),
      allJsBytes: all.reduce((n, s) => n + s.bytes, 0),
    }
  } finally {
    await context.close()
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
