// The mini-program ties syncing to the session at once (see sync-binding.ts for the H5 build).
import { bindSyncToAuth } from './sync'

export function startSync(): () => void {
  return bindSyncToAuth()
}
