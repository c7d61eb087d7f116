// H5 only (the mini-program has its own package cache and preloadRule): what lets a grid worker open the app again
// with no signal. The service worker (/sw.js, emitted by config/service-worker) keeps the page and the worker's
// scripts; the worker's pages, each a chunk of its own since the build is split per page, are fetched once the list
// is up, so moving to a record form works even when the signal drops before the service worker has them.

interface TaroRoute {
  path: string
  load?: () => [Promise<unknown>, ...unknown[]]
}

/** Registers /sw.js in the production H5 build, after the page has loaded (it must not compete with the first load). */
export function registerServiceWorker(): void {
  if (process.env.TARO_ENV !== 'h5' || process.env.NODE_ENV !== 'production') return
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined)
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}

let preloaded = false

/** Fetches the named pages' chunks through Taro's own route loaders (as the router would on opening them), once. */
export function preloadPages(paths: readonly string[], delayMs = 1500): void {
  if (process.env.TARO_ENV !== 'h5' || preloaded || typeof window === 'undefined') return
  preloaded = true
  // After the first page is on screen (its chunk must not share the one bar of signal with these), then a pause.
  const started = Date.now()
  const whenShown = () => {
    if (!document.querySelector('.taro_page') && Date.now() - started < 60_000) return void window.setTimeout(whenShown, 300)
    window.setTimeout(load, delayMs)
  }
  const load = () => {
    const routes = ((window as unknown as { __taroAppConfig?: { routes?: TaroRoute[] } }).__taroAppConfig?.routes ?? []) as TaroRoute[]
    for (const route of routes) {
      if (!paths.includes(route.path) || !route.load) continue
      try {
        // A failed fetch (no signal) is retried by the router when the page is opened.
        void Promise.resolve(route.load()[0]).catch(() => undefined)
      } catch {
        /* the page loads when it is opened */
      }
    }
  }
  whenShown()
}
