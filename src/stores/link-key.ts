// The worker's signing-link key (GET /me/link-key): fetched once while online and kept on the phone, so
// 居民扫码签署 links can be made offline. It sits under the grid cache's prefix, so sign-out forgets it.
import * as API from '@core/api/endpoints/auth'
import { storage } from '../platform/storage'
import { call } from './api'
import { useAuthStore } from './auth'

const keyOf = (userId: string) => `cache:${userId}:link-key`

let inFlight: Promise<string | null> | null = null

/** The key for the signed-in worker: from storage, else from the server; throws ApiError when it cannot be had. */
export async function linkKey(): Promise<string> {
  const { user, token } = useAuthStore.getState()
  if (!user || !token) throw new Error('not signed in')
  const stored = await storage.get(keyOf(user.id))
  if (stored) return stored
  const { linkKey: key } = await call(API.linkKey, {})
  await storage.set(keyOf(user.id), key)
  return key
}

/** Fetches and keeps the key ahead of need (opening a household), quietly: offline now just means later. */
export function prefetchLinkKey(): void {
  inFlight ??= linkKey()
    .catch(() => null)
    .finally(() => {
      inFlight = null
    })
}
