// App shell: restores the session (synchronously, in stores/auth) and ties syncing to it and to platform events.
import { useEffect, type PropsWithChildren } from 'react'
import { bindSyncToAuth } from './stores/sync'
import { primeRandom } from './platform/random'
import { watchAppErrors, watchForUpdates } from './platform/app-health'
import { reportAppError } from './stores/client-errors'
import './app.css'

function App({ children }: PropsWithChildren) {
  useEffect(() => {
    primeRandom()
    // A new version asks to restart; uncaught errors go to the server, scrubbed (POST /client-errors).
    watchForUpdates()
    watchAppErrors(reportAppError)
    return bindSyncToAuth()
  }, [])
  return children
}

export default App
