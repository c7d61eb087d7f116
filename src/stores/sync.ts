// One SyncEngine + Outbox + LocalCache for the signed-in worker, mirrored into zustand for the pages.
import { create } from 'zustand'
import { LocalCache } from '@core/sync/local-cache'
import { Outbox, type OutboxItem } from '@core/sync/outbox'
import { SyncEngine, type SyncState, type SyncTrigger } from '@core/sync/engine'
import type { FieldRecordInput } from '@core/schemas/record'
import type { Household, Resident } from '@core/schemas/sync'
import { storage } from '../platform/storage'
import { http } from '../platform/http'
import { onForeground, onNetworkRegained } from '../platform/network'
import { useAuthStore } from './auth'

interface Session {
  ownerId: string
  outbox: Outbox
  cache: LocalCache
  engine: SyncEngine
  ready: Promise<void>
}

interface SyncStore {
  ownerId: string | null
  /** True once the cache and outbox of the current account are read from storage. */
  loaded: boolean
  state: SyncState | null
  items: OutboxItem[]
  households: Household[]
  /** Persisted time of the last successful pull, for "上次同步" after a restart. */
  lastPullAt: number | null
}

export const useSyncStore = create<SyncStore>()(() => ({
  ownerId: null,
  loaded: false,
  state: null,
  items: [],
  households: [],
  lastPullAt: null,
}))

let session: Session | null = null

/** Re-reads the outbox and the cached households into the store. */
async function snapshot(s: Session): Promise<void> {
  const items = await s.outbox.list()
  if (session !== s) return
  useSyncStore.setState({ items, households: s.cache.listHouseholds(), lastPullAt: s.cache.lastPullAt })
}

function open(ownerId: string): Session {
  if (session?.ownerId === ownerId) return session
  close()
  const outbox = new Outbox(storage, ownerId)
  const cache = new LocalCache(storage, ownerId)
  let wasSyncing = false
  const s: Session = {
    ownerId,
    outbox,
    cache,
    engine: new SyncEngine({
      outbox,
      cache,
      http,
      token: () => useAuthStore.getState().token,
      now: Date.now,
      setTimer: (fn, ms) => {
        const t = setTimeout(fn, ms)
        return () => clearTimeout(t)
      },
      onState: (state) => {
        if (session !== s) return
        useSyncStore.setState({ state })
        // Retries run inside the engine, so the end of any sync (not only ours) refreshes the lists.
        if (wasSyncing && !state.syncing) void snapshot(s)
        wasSyncing = state.syncing
      },
    }),
    ready: Promise.resolve(),
  }
  session = s
  useSyncStore.setState({ ownerId, loaded: false, state: null, items: [], households: [], lastPullAt: null })
  s.ready = (async () => {
    try {
      await cache.load()
      await s.engine.refresh()
      await snapshot(s)
    } catch {
      // Unreadable storage: the pages still open, and the next sync reports the error on the badge.
    } finally {
      if (session === s) useSyncStore.setState({ loaded: true })
    }
  })()
  return s
}

function close(): void {
  session?.engine.stop()
  session = null
  useSyncStore.setState({ ownerId: null, loaded: false, state: null, items: [], households: [], lastPullAt: null })
}

/** Starts a sync for the current worker; joins one already running. No-op when nobody is signed in as a worker. */
export async function syncNow(trigger: SyncTrigger): Promise<void> {
  const s = session
  if (!s) return
  await s.ready
  await s.engine.sync(trigger)
}

/** Queues a record (idempotent per id; throws OutboxError STORAGE_FULL / RECORD_INVALID). */
export async function addRecord(input: FieldRecordInput): Promise<OutboxItem> {
  const s = session
  if (!s) throw new Error('not signed in')
  await s.ready
  const item = await s.outbox.add(input, Date.now())
  await s.engine.refresh()
  await snapshot(s)
  return item
}

/** Sign-out: the grid's personal data leaves the phone; unsent records stay, waiting for this account. */
export async function forgetGridData(): Promise<void> {
  await session?.cache.clear()
}

export function residentsOf(householdId: string): Resident[] {
  return session?.cache.residentsOf(householdId) ?? []
}

/** Follows the signed-in account: a worker gets a sync session (and a first sync), anyone else none. */
export function bindSyncToAuth(): () => void {
  const follow = (token: string | null, userId: string | null, isWorker: boolean) => {
    if (token && userId && isWorker) {
      open(userId)
      void syncNow('start')
    } else {
      close()
    }
  }
  const current = useAuthStore.getState()
  follow(current.token, current.user?.id ?? null, current.user?.role === 'worker')
  const unsubAuth = useAuthStore.subscribe((next, prev) => {
    // Every login, even 重新登录 as the same worker after a 401, resumes syncing the records that waited.
    if (next.token === prev.token && next.user === prev.user) return
    follow(next.token, next.user?.id ?? null, next.user?.role === 'worker')
  })
  const unsubNet = onNetworkRegained(() => void syncNow('online'))
  const unsubFg = onForeground(() => void syncNow('foreground'))
  return () => {
    unsubAuth()
    unsubNet()
    unsubFg()
  }
}
