// Turns the trend API's weekly points into the long-format rows the chart draws: one row per line and week.
import type { TrendPoint } from '@core/schemas/trend'

export const TREND_LINES = ['visit_coverage', 'pledge_households', 'installed'] as const
export type TrendLine = (typeof TREND_LINES)[number]

export interface TrendDatum {
  /** x: "11/16" (the week's Monday), or the live label for the current week. */
  week: string
  line: string
  /** y: 0–100, or null for a gap (no ranking that week, or nothing to count yet), which breaks the line. */
  pct: number | null
}

export interface TrendSeries {
  data: TrendDatum[]
  /** True once at least one past week has a figure; before that the card shows a note instead of a chart. */
  hasHistory: boolean
}

/**
 * Rows grouped by line (in TREND_LINES order), weeks oldest first, so colours and x order follow the data. Weeks
 * before the first one with a figure (before the campaign or the first ranking) are left off rather than drawn as
 * an empty stretch; later gaps stay and break the lines.
 */
export function trendSeries(points: readonly TrendPoint[], labels: Record<TrendLine, string>, liveLabel: string): TrendSeries {
  const hasFigure = (p: TrendPoint) => TREND_LINES.some((line) => p.indicators?.[line])
  const first = points.findIndex((p) => !p.live && hasFigure(p))
  const shown = first < 0 ? points : points.slice(first)
  const data = TREND_LINES.flatMap((line) =>
    shown.map((p) => ({ week: p.live ? liveLabel : shortDate(p.weekStart), line: labels[line], pct: p.indicators?.[line]?.pct ?? null })),
  )
  return { data, hasHistory: first >= 0 }
}

/** "2026-11-16" → "11/16". */
function shortDate(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`
}
