// The worker's household list: server stats merged with this phone's unsent visits, sorted by who needs a visit.
// No Taro import, so it is unit-testable.
import {
  householdStatus,
  summariseVisits,
  type HouseholdStatus,
  type HouseholdVisitSummary,
  type VisitFact,
} from '@core/coverage'
import type { Household, HouseholdStats } from '@core/schemas/sync'
import type { OutboxItem } from '@core/sync/outbox'

export interface HouseholdRow {
  household: Household
  summary: HouseholdVisitSummary
  status: HouseholdStatus
}

/**
 * Visits from this phone the server's stats do not show yet: pending ones, and synced ones whose pull has not
 * come back (they are purged once a pull reflects them). Rejected and conflicting records count for nothing.
 * Outbox items come sorted by UUIDv7 id, i.e. in the order they were made, which is the order they will arrive.
 */
export function localVisitsByHousehold(items: OutboxItem[]): Map<string, VisitFact[]> {
  const out = new Map<string, VisitFact[]>()
  for (const item of items) {
    if (item.state !== 'pending' && item.state !== 'synced') continue
    const r = item.record
    if (r.kind !== 'visit') continue
    // The server clamps a visit's time to its receipt; locally the queueing time is the nearest equivalent.
    const at = Math.min(Date.parse(r.body.visitedAt), item.queuedAt)
    const list = out.get(r.householdId) ?? []
    list.push({ outcome: r.body.outcome, at })
    out.set(r.householdId, list)
  }
  return out
}

/** Server summary + later local visits. Local ones arrive after everything the server has, so they come last. */
export function mergeSummary(stats: HouseholdStats, local: VisitFact[]): HouseholdVisitSummary {
  const server: HouseholdVisitSummary = {
    visitCount: stats.visitCount,
    covered: stats.covered,
    lastVisitAt: stats.lastVisitAt ? Date.parse(stats.lastVisitAt) : null,
    lastOutcome: stats.lastOutcome,
  }
  if (local.length === 0) return server
  const mine = summariseVisits(local)
  return {
    visitCount: server.visitCount + mine.visitCount,
    covered: server.covered || mine.covered,
    lastVisitAt: mine.lastVisitAt,
    lastOutcome: mine.lastOutcome,
  }
}

const collator = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true })

/** All live households with their status, never-visited first, then by doorplate. */
export function householdRows(households: Household[], items: OutboxItem[], now: number): HouseholdRow[] {
  const local = localVisitsByHousehold(items)
  return households
    .map((household) => {
      const summary = mergeSummary(household.stats, local.get(household.id) ?? [])
      return { household, summary, status: householdStatus(summary, now) }
    })
    .sort((a, b) => a.status.priority - b.status.priority || collator(a.household.doorplate, b.household.doorplate))
}
