// App shell: restores the session (synchronously, in stores/auth) and ties syncing to it and to platform events.
import { useEffect, type PropsWithChildren } from 'react'
import { bindSyncToAuth } from './stores/sync'
import { primeRandom } from './platform/random'
import './app.css'

function App({ children }: PropsWithChildren) {
  useEffect(() => {
    primeRandom()
    return bindSyncToAuth()
  }, [])
  return children
}

export default App
