// Coverage maths shared by the app (offline household status) and the server (aggregates).
import type { VisitOutcome } from './schemas/visit'
import { chinaDaysBetween } from './china-time'

export const OUTCOME_LABEL: Record<VisitOutcome, string> = {
  met: '见面宣传',
  not_home: '不在家',
  refused: '拒绝',
  moved_out: '已搬离',
  vacant: '空户',
}

/**
 * Outcomes that settle a household for "村不漏户": someone was reached (even if they refused) or the
 * household was found gone or empty. 不在家 does not: the household still needs a visit.
 */
export function isCoveringOutcome(outcome: VisitOutcome): boolean {
  return outcome !== 'not_home'
}

/** Percentage with one decimal; 0 when there is nothing to cover. */
export function coveragePct(covered: number, total: number): number {
  if (total <= 0) return 0
  return Math.round((covered / total) * 1000) / 10
}

export interface VisitFact {
  outcome: VisitOutcome
  /** Epoch ms the visit happened (clamped to no later than its receipt on the server). */
  at: number
}

export interface HouseholdVisitSummary {
  visitCount: number
  covered: boolean
  lastVisitAt: number | null
  lastOutcome: VisitOutcome | null
}

/** Summarises a household's effective visits, given in the order the server received them. */
export function summariseVisits(visits: VisitFact[]): HouseholdVisitSummary {
  if (visits.length === 0) return { visitCount: 0, covered: false, lastVisitAt: null, lastOutcome: null }
  const last = visits[visits.length - 1]
  return {
    visitCount: visits.length,
    covered: visits.some((v) => isCoveringOutcome(v.outcome)),
    lastVisitAt: last.at,
    lastOutcome: last.outcome,
  }
}

export type HouseholdStatusKind = 'never' | 'not_home' | 'visited'

export interface HouseholdStatus {
  kind: HouseholdStatusKind
  label: string
  /** Sort key: lower needs a visit sooner. */
  priority: number
}

/**
 * The status a worker sees on the household list. Never-visited first, then not-home, then the ones
 * visited longest ago.
 */
export function householdStatus(summary: HouseholdVisitSummary, now: number): HouseholdStatus {
  if (summary.visitCount === 0 || summary.lastVisitAt === null) {
    return { kind: 'never', label: '未走访', priority: 0 }
  }
  const days = Math.max(0, chinaDaysBetween(summary.lastVisitAt, now))
  // Longer ago sorts first within each kind.
  if (!summary.covered) {
    return { kind: 'not_home', label: `上次不在家（${daysLabel(days)}）`, priority: 1 + 1 / (2 + days) }
  }
  return { kind: 'visited', label: `${daysLabel(days)}走访`, priority: 2 + 1 / (2 + days) }
}

function daysLabel(days: number): string {
  if (days === 0) return '今天'
  if (days === 1) return '昨天'
  return `${days}天前`
}
