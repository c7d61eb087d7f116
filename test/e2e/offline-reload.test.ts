// Issue 14: a worker who opened the app once can reload it with no network and keep working (the service worker,
// /sw.js), and sees a Chinese page, not the browser's English error, when the app is not on the phone. Hashed files
// are served immutable, the page itself no-cache. The server is stopped for the offline part, so nothing can come
// from the network whatever the browser's offline emulation covers.
import type { Browser } from 'playwright-core'
import type { TestServer } from '../helpers/test-server'
import { expectText, loginInBrowser, newPhone, snap, startApp, stopApp } from '../helpers/browser'

jest.setTimeout(180_000)

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startApp())
})
afterAll(() => stopApp({ server, browser }))

it('serves hashed files immutable and the page no-cache', async () => {
  const page = await (await newPhone(browser)).newPage()
  const scripts: { url: string; cacheControl: string }[] = []
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) scripts.push({ url: r.url(), cacheControl: r.headers()['cache-control'] ?? '' })
  })
  const doc = await page.goto(server.url + '/')
  expect(doc?.headers()['cache-control']).toBe('no-cache')
  await page.locator('#login-code').waitFor()
  const hashed = scripts.filter((s) => /\.[0-9a-f]{8}\.js$/.test(s.url))
  expect(hashed.length).toBeGreaterThan(0)
  for (const s of hashed) expect(s.cacheControl).toBe('public, max-age=31536000, immutable')
  const sw = await page.request.get(server.url + '/sw.js')
  expect(sw.headers()['cache-control']).toBe('no-cache')
  await page.context().close()
})

it('reloads the worker’s list with no network after one online visit, records a visit, and shows a Chinese page when the app is not kept', async () => {
  const phone = await newPhone(browser)
  const page = await phone.newPage()
  await loginInBrowser(page, server.url, 'demo-t1-v01-g1')
  await page.locator('[id^="hh-t1-v01-g1"]:visible').first().waitFor()
  await page.getByText('待同步 0 条').waitFor()

  // The service worker is installed (its precache filled) and controls the page.
  const kept = (await page.evaluate(`(async () => {
    const reg = await navigator.serviceWorker.ready
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100))
    const names = await caches.keys()
    const cache = await caches.open(names.find((n) => n.startsWith('fanzha-')))
    return { active: !!reg.active, controlled: !!navigator.serviceWorker.controller, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) }
  })()`)) as { active: boolean; controlled: boolean; urls: string[] }
  expect(kept.active).toBe(true)
  expect(kept.controlled).toBe(true)
  expect(kept.urls).toContain('/')
  expect(kept.urls).toContain('/offline.html')
  expect(kept.urls.filter((u) => u.endsWith('.js')).length).toBeGreaterThan(3)

  // No network at all: the server is gone and the phone is offline.
  await server.stop()
  await phone.setOffline(true)
  await page.reload()
  const row = page.locator('[id^="hh-t1-v01-g1"]:visible').first()
  await row.waitFor({ timeout: 30_000 })
  await snap(page, 'offline-reload-01-list')

  // And keeps working: a household, the visit form (a page of its own), saved to the outbox.
  await row.click()
  await page.locator('#visit-new:visible').click()
  await page.locator('#outcome-met:visible').click()
  await page.locator('#visit-save:visible').click()
  await page.locator('#visit-new:visible').waitFor()
  await page.goBack()
  await page.getByText('待同步 1 条').waitFor()
  await snap(page, 'offline-reload-02-visit-pending')

  // Without the kept page (e.g. storage cleared by the browser), the service worker answers with the offline page.
  await page.evaluate(`(async () => {
    for (const name of await caches.keys()) await (await caches.open(name)).delete('/')
  })()`)
  await page.reload()
  await expectText(page.locator('body'), '网络不可用，暂时打不开')
  await snap(page, 'offline-reload-03-offline-page')

  // Signal back: the page loads from the server again and the visit syncs.
  await server.restart()
  await phone.setOffline(false)
  await page.goto(server.url + '/')
  await page.getByText('待同步 0 条').waitFor({ timeout: 60_000 })
  const stored = await server.db.kysely.selectFrom('records').select('id').where('author_id', '=', 'u-t1-v01-g1').execute()
  expect(stored.length).toBe(1)
  await phone.close()
})
