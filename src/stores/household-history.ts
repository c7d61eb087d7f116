// The server's copy of one household (GET /households/:id) for the worker's household page, kept on the phone so
// its history reads offline. It sits under the grid cache's prefix, so sign-out forgets it with the grid.
import * as API from '@core/api/endpoints/household'
import { HouseholdViewSchema, type HouseholdView } from '@core/schemas/household-detail'
import { storage } from '../platform/storage'
import { call } from './api'
import { useAuthStore } from './auth'

export interface StoredView {
  view: HouseholdView
  /** When the server gave it, for 「记录更新于」. */
  fetchedAt: number
}

const keyOf = (userId: string, householdId: string) => `cache:${userId}:hh-view:${householdId}`

/** The copy kept on the phone, or null (never fetched, signed out, or unreadable after an app update). */
export async function storedView(householdId: string): Promise<StoredView | null> {
  const user = useAuthStore.getState().user
  if (!user) return null
  const raw = await storage.get(keyOf(user.id, householdId))
  if (!raw) return null
  try {
    const parsed = JSON.parse(raw) as { view: unknown; fetchedAt: number }
    const view = HouseholdViewSchema.safeParse(parsed.view)
    return view.success ? { view: view.data, fetchedAt: parsed.fetchedAt } : null
  } catch {
    return null
  }
}

/** Fetches the server's copy and keeps it; throws ApiError (offline, no access) and keeps the old copy then. */
export async function fetchView(householdId: string, now: number): Promise<StoredView> {
  const user = useAuthStore.getState().user
  const view = await call(API.household, { params: { id: householdId } })
  const stored = { view, fetchedAt: now }
  // A full phone only costs the offline copy: the page still shows what it fetched.
  if (user && useAuthStore.getState().user?.id === user.id) {
    await storage.set(keyOf(user.id, householdId), JSON.stringify(stored)).catch(() => undefined)
  }
  return stored
}
