// The worker's household list: server stats merged with this phone's unsent visits, in doorplate order (stable: a
// household just visited keeps its row), with the 未走访 / 已走访 / 楼栋（组） filters. No Taro import, so it is unit-testable.
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

/** All live households with their status, by doorplate number; a visit changes a row's tag, never its place. */
export function householdRows(households: Household[], items: OutboxItem[], now: number): HouseholdRow[] {
  const local = localVisitsByHousehold(items)
  return households
    .map((household) => {
      const summary = mergeSummary(household.stats, local.get(household.id) ?? [])
      return { household, summary, status: householdStatus(summary, now) }
    })
    .sort((a, b) => collator(a.household.doorplate, b.household.doorplate) || (a.household.id < b.household.id ? -1 : 1))
}

/**
 * The building (楼栋) or villager group (组) a doorplate names: "红星社区5栋2单元301室" → "5栋", "幸福村3组12号" → "3组";
 * null when it names neither.
 */
export function buildingOf(doorplate: string): string | null {
  const m = /(\d+|[一二三四五六七八九十]+)\s*(栋|幢|号楼|组)/.exec(doorplate)
  return m ? `${m[1]}${m[2]}` : null
}

/** The grid's buildings or groups in doorplate order, each once; empty when the doorplates name none. */
export function buildingsOf(rows: HouseholdRow[]): string[] {
  const seen = new Set<string>()
  for (const r of rows) {
    const b = buildingOf(r.household.doorplate)
    if (b) seen.add(b)
  }
  return [...seen].sort(collator)
}

export type VisitFilter = 'all' | 'todo' | 'done'

/** 未走访 is what the counts call it: not covered yet (never visited, or only 不在家). */
export function filterRows(rows: HouseholdRow[], visit: VisitFilter, building: string | null): HouseholdRow[] {
  return rows.filter(
    (r) =>
      (visit === 'all' || (visit === 'todo') === !r.summary.covered) &&
      (building === null || buildingOf(r.household.doorplate) === building),
  )
}
