// H5: syncing (stores/sync, with the engine, outbox, local cache and media queue) is loaded only once a grid worker is
// signed in, so a resident's signing link and the officials' pages do not fetch it before they can show anything.
// The mini-program binds it at once (sync-binding.weapp.ts): its main package is on the phone already.
import { useAuthStore } from './auth'

export function startSync(): () => void {
  let unbind: (() => void) | null = null
  let stopped = false
  let loading = false
  const load = () => {
    if (loading) return
    loading = true
    void import('./sync').then((m) => {
      if (!stopped) unbind = m.bindSyncToAuth()
    })
  }
  if (useAuthStore.getState().user?.role === 'worker') load()
  const unsubscribe = useAuthStore.subscribe((s) => {
    if (s.user?.role === 'worker') load()
  })
  return () => {
    stopped = true
    unsubscribe()
    unbind?.()
  }
}
