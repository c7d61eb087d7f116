// App shell: restores the session (synchronously, in stores/auth) and the phone's 字号 (stores/type-scale), and ties
// syncing to the session and to platform events.
import { useEffect, type PropsWithChildren } from 'react'
import { bindSyncToAuth } from './stores/sync'
import { primeRandom } from './platform/random'
import { watchAppErrors, watchForUpdates } from './platform/app-health'
import { reportAppError } from './stores/client-errors'
import { useTypeScaleStore } from './stores/type-scale'
import './app.css'

function App({ children }: PropsWithChildren) {
  useEffect(() => {
    primeRandom()
    // A new version asks to restart; uncaught errors go to the server, scrubbed (POST /client-errors).
    watchForUpdates()
    watchAppErrors(reportAppError)
    // The store set --fz-scale when it loaded; read the system font setting again now that the page is laid out.
    useTypeScaleStore.getState().refresh()
    return bindSyncToAuth()
  }, [])
  return children
}

export default App
