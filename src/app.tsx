// App shell: restores the session (synchronously, in stores/auth) and the phone's 字号 (stores/type-scale), and ties
// syncing to the session and to platform events.
import { useEffect, type PropsWithChildren } from 'react'
import { startSync } from './stores/sync-binding'
import { primeRandom } from './platform/random'
import { watchAppErrors, watchForUpdates } from './platform/app-health'
import { reportAppError } from './stores/client-errors'
import { preloadPages, registerServiceWorker } from './platform/offline-app'
import { useAuthStore } from './stores/auth'
import { MAIN_PAGES, OWN_PACKAGE_PAGES } from './pages/routes'
import { useTypeScaleStore } from './stores/type-scale'
import './app.css'
// The first page's styles (the worker's list) come with the app's stylesheet. As a page chunk's own stylesheet they
// were fetched only once the router opened the page: a round trip more before the list showed (issue 14).
import './pages/home/index.css'
import './components/sync-badge/index.css'
import './components/type-scale/index.css'
import './components/logout-button/index.css'

/** H5: the worker's pages, fetched once a worker is signed in (the mini-program's preloadRule does this in WeChat). */
const WORKER_PAGES = [...Object.values(MAIN_PAGES), ...Object.values(OWN_PACKAGE_PAGES)].filter(
  (p) => p !== OWN_PACKAGE_PAGES.sign && p !== OWN_PACKAGE_PAGES.feedback,
)

function preloadForWorker(role: string | undefined): void {
  if (role === 'worker') preloadPages(WORKER_PAGES)
}

function App({ children }: PropsWithChildren) {
  useEffect(() => {
    primeRandom()
    // A new version asks to restart; uncaught errors go to the server, scrubbed (POST /client-errors).
    watchForUpdates()
    watchAppErrors(reportAppError)
    // The store set --fz-scale when it loaded; read the system font setting again now that the page is laid out.
    useTypeScaleStore.getState().refresh()
    // H5: the service worker and the worker's pages, so the app reopens and moves between pages with no signal.
    registerServiceWorker()
    preloadForWorker(useAuthStore.getState().user?.role)
    const unsubscribe = useAuthStore.subscribe((s) => preloadForWorker(s.user?.role))
    const unbind = startSync()
    return () => {
      unsubscribe()
      unbind()
    }
  }, [])
  return children
}

export default App
