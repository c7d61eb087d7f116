// One SyncEngine + Outbox + LocalCache (+ MediaSync for files) for the signed-in worker, mirrored into zustand for the pages.
import { create } from 'zustand'
import { LocalCache } from '@core/sync/local-cache'
import { Outbox, type OutboxItem } from '@core/sync/outbox'
import { withLocalHouseholds, withLocalResidents } from '@core/sync/roster-overlay'
import { SyncEngine, type SyncState, type SyncTrigger } from '@core/sync/engine'
import type { PledgeTemplate } from '@core/schemas/pledge'
import type { FieldRecord } from '@core/schemas/record'
import type { Household, Resident } from '@core/schemas/sync'
import type { Material } from '@core/schemas/handout'
import { DEFAULT_PROOF_POLICY, type ProofPolicy } from '@core/proof-rules'
import { storage } from '../platform/storage'
import { http } from '../platform/http'
import { onForeground, onNetworkRegained } from '../platform/network'
import { useAuthStore } from './auth'
import { MediaSync, type MediaView, type UploadNow } from './media-sync'

interface Session {
  ownerId: string
  outbox: Outbox
  cache: LocalCache
  engine: SyncEngine
  media: MediaSync
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
  /** Upload state per media sha (photos, screenshots, signatures) and how many files still wait. */
  media: Record<string, MediaView>
  mediaPending: number
  /** The upload running now (per file and overall), null when none runs. */
  upload: UploadNow | null
  /** Files the server refused, shown as failed until the worker replaces them. */
  mediaFailed: number
  /** When the last sync failed (its message is state.lastError); null after a success. */
  lastFailedAt: number | null
}

export const useSyncStore = create<SyncStore>()(() => ({
  ownerId: null,
  loaded: false,
  state: null,
  items: [],
  households: [],
  lastPullAt: null,
  media: {},
  mediaPending: 0,
  upload: null,
  mediaFailed: 0,
  lastFailedAt: null,
}))

let session: Session | null = null

/** Re-reads the outbox and the cached households into the store. */
async function snapshot(s: Session): Promise<void> {
  const items = await s.outbox.list()
  if (session !== s) return
  useSyncStore.setState({ items, households: withLocalHouseholds(s.cache.listHouseholds(), items), lastPullAt: s.cache.lastPullAt })
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
        const failedBefore = useSyncStore.getState().state?.lastError
        useSyncStore.setState({ state, lastFailedAt: state.lastError ? (failedBefore === state.lastError ? useSyncStore.getState().lastFailedAt : Date.now()) : null })
        // Retries run inside the engine, so the end of any sync (not only ours) refreshes the lists.
        if (wasSyncing && !state.syncing) void snapshot(s)
        // Records first, media after: files go up once the records naming them are in.
        if (wasSyncing && !state.syncing && !state.lastError) void s.media.drain()
        wasSyncing = state.syncing
      },
    }),
    media: new MediaSync(ownerId, outbox, (snap) => session === s && useSyncStore.setState(snap)),
    ready: Promise.resolve(),
  }
  session = s
  useSyncStore.setState({ ownerId, loaded: false, state: null, items: [], households: [], lastPullAt: null, media: {}, mediaPending: 0, upload: null, mediaFailed: 0, lastFailedAt: null })
  s.ready = (async () => {
    try {
      await cache.load()
      await s.engine.refresh()
      await snapshot(s)
      await s.media.start()
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
  session?.media.stop()
  session = null
  useSyncStore.setState({ ownerId: null, loaded: false, state: null, items: [], households: [], lastPullAt: null, media: {}, mediaPending: 0, upload: null, mediaFailed: 0, lastFailedAt: null })
}

/** Starts a sync for the current worker; joins one already running. No-op when nobody is signed in as a worker. */
export async function syncNow(trigger: SyncTrigger): Promise<void> {
  const s = session
  if (!s) return
  await s.ready
  await s.engine.sync(trigger)
}

/**
 * Queues a record checked by core/sync/record-check.ts (idempotent per id; throws OutboxError STORAGE_FULL) and
 * starts sending it in the background: the form need not wait for the network.
 */
export async function addRecord(record: FieldRecord): Promise<OutboxItem> {
  const s = session
  if (!s) throw new Error('not signed in')
  await s.ready
  const item = await s.outbox.add(record, Date.now())
  await s.media.enqueue(item.record)
  await s.engine.refresh()
  await snapshot(s)
  void syncNow('record')
  return item
}

/** Deletes a photo taken off a form before saving, unless a record or the upload queue still needs it. */
export async function forgetUnusedMedia(sha: string): Promise<void> {
  await session?.media.forget(sha)
}

/** The proof the campaign in force asks for (core/proof-policy.ts), as the last pull said; the defaults before one. */
export function proofPolicy(): ProofPolicy {
  return session?.cache.campaign?.proof ?? DEFAULT_PROOF_POLICY
}

/** The hand-out materials catalogue from the last pull. */
export function materials(): Material[] {
  return session?.cache.materials() ?? []
}

/** Sign-out: the grid's personal data leaves the phone; unsent records stay, waiting for this account. */
export async function forgetGridData(): Promise<void> {
  await session?.cache.clear()
}

/** A household's residents as the last pull left them, with this phone's roster changes not yet pulled back. */
export function residentsOf(householdId: string): Resident[] {
  const cache = session?.cache
  return withLocalResidents(householdId, cache?.residentsOf(householdId) ?? [], useSyncStore.getState().items, cache?.movedOutOf(householdId))
}

/** Members marked 迁出 and not (yet) back, for 返乡. */
export function movedOutOf(householdId: string): Resident[] {
  const live = new Set(residentsOf(householdId).map((r) => r.id))
  return (session?.cache.movedOutOf(householdId) ?? []).filter((r) => !live.has(r.id))
}

/** Every live resident of the grid, for the list's search, with this phone's roster changes (see residentsOf). */
export function allResidents(): Resident[] {
  const cached = session?.cache.listResidents() ?? []
  const changed = new Set(useSyncStore.getState().items.flatMap((i) => (i.record.kind === 'roster' ? [i.record.householdId] : [])))
  if (changed.size === 0) return cached
  return [...cached.filter((r) => !changed.has(r.householdId)), ...[...changed].flatMap((id) => residentsOf(id))]
}

/** The pledge templates from the last pull (the current one has the highest version). */
export function pledgeTemplates(): PledgeTemplate[] {
  return session?.cache.templates() ?? []
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
