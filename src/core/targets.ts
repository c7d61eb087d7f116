// Campaign targets and weekly rankings (排名通报): inheritance, on-track status, ranking order and week boundaries.
import { DAY_MS, HOUR_MS, chinaDateStart, chinaWeekStart } from './china-time'

// The app's pages still import these two from here; their home is china-time.
export { chinaDate, chinaDateStart } from './china-time'

export const INDICATORS = ['visit_coverage', 'pledge_households', 'installed', 'real_name', 'warning_on'] as const
export type Indicator = (typeof INDICATORS)[number]

/** What each indicator counts against: every live household, or the residents aged 16–60 ([001 篇十四]). */
export type IndicatorBase = 'households' | 'residents_16_60'
export const INDICATOR_BASE: Record<Indicator, IndicatorBase> = {
  visit_coverage: 'households',
  pledge_households: 'households',
  installed: 'residents_16_60',
  real_name: 'residents_16_60',
  warning_on: 'residents_16_60',
}

export interface TargetDef {
  areaId: string
  indicator: Indicator
  /** 0–100. */
  targetPct: number
  /** YYYY-MM-DD, inclusive: the target must be reached by the end of that China-time day. */
  deadline: string
}

/**
 * The targets that apply to the last area of `chain` (area ids from the county down, e.g. [county, town, village]).
 * A target is keyed by (indicator, deadline); the one set nearest the area wins. Example: county installed 40% by
 * 2027-03-31 and town installed 50% by 2027-03-31 → the town and its villages see 50%; a town target with a new
 * deadline adds a target rather than replacing one. Targets of areas outside the chain are ignored.
 */
export function effectiveTargets<T extends TargetDef>(chain: readonly string[], targets: readonly T[]): T[] {
  const depth = new Map(chain.map((id, i) => [id, i]))
  const best = new Map<string, T>()
  for (const t of targets) {
    const d = depth.get(t.areaId)
    if (d === undefined) continue
    const key = `${t.indicator}|${t.deadline}`
    const held = best.get(key)
    if (!held || depth.get(held.areaId)! < d) best.set(key, t)
  }
  return [...best.values()].sort(
    (a, b) => INDICATORS.indexOf(a.indicator) - INDICATORS.indexOf(b.indicator) || a.deadline.localeCompare(b.deadline),
  )
}

export type TargetState = 'met' | 'on_track' | 'behind'

export interface TargetStatus {
  state: TargetState
  /** More households or residents needed to reach the target (0 when met). */
  needed: number
  /** Households or residents the target means: ceil(base × pct). */
  required: number
  /** Where a straight line from campaign start to deadline says the area should be by now. */
  expected: number
}

/**
 * Example: base 100 residents, 41 done, 40% by 2027-03-31 → met (needed 0). Base 100, 10 done, halfway between
 * campaign start and deadline → expected 20, so behind with 30 needed. After the deadline an unmet target is behind.
 * An empty base (0) counts as met: there is nobody left to reach.
 */
export function targetStatus(current: number, base: number, targetPct: number, deadline: string, now: number, campaignStart: string): TargetStatus {
  // The epsilon keeps 40% of 100 at 40, not 41, despite binary floating point.
  const required = Math.max(0, Math.ceil((base * targetPct) / 100 - 1e-9))
  const needed = Math.max(0, required - current)
  const start = chinaDateStart(campaignStart)
  const end = chinaDateStart(deadline) + DAY_MS
  const elapsed = end <= start ? 1 : Math.min(1, Math.max(0, (now - start) / (end - start)))
  const expected = Math.max(0, Math.ceil(required * elapsed - 1e-9))
  if (needed === 0) return { state: 'met', needed, required, expected }
  const state = now < end && current >= expected ? 'on_track' : 'behind'
  return { state, needed, required, expected }
}

export interface RankInput {
  areaId: string
  name: string
  sort: number
  /** Percentage per indicator (0–100, one decimal). */
  indicators: Partial<Record<Indicator, number>>
}

export interface RankedRow extends RankInput {
  rank: number
  score: number
}

/**
 * Orders areas by score, the weighted mean of their indicator percentages, rounded to one decimal.
 * Tie rule: equal (rounded) scores share a rank and the next rank skips ("1, 2, 2, 4"); within a tie the rows
 * stay in area order (sort, then name, then id), which only fixes the listing, not the rank.
 */
export function rankAreas(rows: readonly RankInput[], indicatorWeights: Partial<Record<Indicator, number>>): RankedRow[] {
  const weights = INDICATORS.filter((i) => (indicatorWeights[i] ?? 0) > 0).map((i) => [i, indicatorWeights[i]!] as const)
  const totalWeight = weights.reduce((s, [, w]) => s + w, 0)
  const scored = rows.map((r) => {
    const sum = weights.reduce((s, [i, w]) => s + w * (r.indicators[i] ?? 0), 0)
    const score = totalWeight > 0 ? Math.round((sum / totalWeight) * 10) / 10 : 0
    return { ...r, score, rank: 0 }
  })
  scored.sort((a, b) => b.score - a.score || a.sort - b.sort || cmp(a.name, b.name) || cmp(a.areaId, b.areaId))
  scored.forEach((r, i) => {
    r.rank = i > 0 && scored[i - 1].score === r.score ? scored[i - 1].rank : i + 1
  })
  return scored
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export interface WeekChange {
  /** Positive: moved up that many places since the previous ranking. Null when the area was not ranked then. */
  rank: number | null
  score: number | null
}

export function weekOnWeek(row: { areaId: string; rank: number; score: number }, previous: readonly { areaId: string; rank: number; score: number }[] | null): WeekChange {
  const prev = previous?.find((p) => p.areaId === row.areaId)
  if (!prev) return { rank: null, score: null }
  return { rank: prev.rank - row.rank, score: Math.round((row.score - prev.score) * 10) / 10 }
}

/**
 * The week a ranking is due for at `now`: the Monday-to-Sunday China-time week just ended, once the configured
 * weekday (1 = Monday … 7 = Sunday) and hour of the current week have passed; null before then.
 * Example: weekday 1, hour 6 → on Monday 05:59 China time nothing is due; at 06:00 last week is.
 */
export function dueRankingWeek(now: number, weekday: number, hour: number): { start: number; end: number } | null {
  const thisWeek = chinaWeekStart(now)
  if (now < thisWeek + (weekday - 1) * DAY_MS + hour * HOUR_MS) return null
  return { start: thisWeek - 7 * DAY_MS, end: thisWeek }
}

/** How many places at the foot of a ranking are highlighted (约谈每月排后二名, [003 §6]). */
export const BOTTOM_N = 2

/**
 * Area ids of the bottom `n` places of a ranking (rows in rank order). Rows tied with the n-th from last are
 * included; nothing is highlighted when there are no more than `n` rows or for the rows ranked first.
 * Example: ranks 1, 2, 3, 3 → the two ranked 3; ranks 1, 2, 2, 4 → the two ranked 2 and the one ranked 4.
 */
export function bottomAreaIds(rows: readonly { areaId: string; rank: number }[], n = BOTTOM_N): Set<string> {
  if (rows.length <= n) return new Set()
  const cut = rows[rows.length - n].rank
  return new Set(rows.filter((r) => r.rank > 1 && r.rank >= cut).map((r) => r.areaId))
}
