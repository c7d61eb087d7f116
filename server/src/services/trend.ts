// The weekly trend (趋势) of a village, town or county: its figures from the stored weekly rankings, visits per
// week from the grid aggregates, and the current week live from the coverage figures.
import { sql } from 'kysely'
import { DAY_MS, WEEK_MS, chinaDate, chinaWeekStart } from '@core/china-time'
import { coveragePct } from '@core/coverage'
import { INDICATORS } from '@core/targets'
import type { RankingRow } from '@core/schemas/targets'
import type { TrendPoint, TrendResponse } from '@core/schemas/trend'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { levelColumn } from '../auth/user-context'
import type { Area } from './areas'
import { emptyFigures, type Figures as Counts } from './rankings'
import { coverageOf } from './coverage'
import { rankingsBetween } from '../queries/rankings'
import { indicatorFigures } from './targets'

type Figures = NonNullable<TrendPoint['indicators']>

/** Adds up done and base per indicator, e.g. a county's towns: 3/10 + 5/10 → 8/20 (40%), not the mean of 30% and 50%. */
export function sumRows(rows: readonly Pick<RankingRow, 'indicators'>[]): Counts {
  const total = emptyFigures()
  for (const r of rows) {
    for (const i of INDICATORS) {
      total[i].done += r.indicators[i]?.done ?? 0
      total[i].base += r.indicators[i]?.base ?? 0
    }
  }
  return total
}

/** Percentages of the counts; an indicator with an empty base (no households or 16–60s yet) is a gap. */
export function toFigures(counts: Counts): Figures {
  return Object.fromEntries(
    INDICATORS.map((i) => [i, counts[i].base > 0 ? { ...counts[i], pct: coveragePct(counts[i].done, counts[i].base) } : null]),
  )
}

export async function trendOf(db: Db, area: Area, weeks: number, now: number): Promise<TrendResponse> {
  if (area.level === 'grid') throw new AppError('NOT_FOUND', '网格没有周排名，请查看所在村的趋势')
  const thisWeek = chinaWeekStart(now)
  const first = thisWeek - weeks * WEEK_MS
  const [stored, visits, live] = await Promise.all([rankedFigures(db, area, first, thisWeek), weeklyVisits(db, area, first, thisWeek), coverageOf(db, area, now)])
  const points: TrendPoint[] = []
  for (let start = first; start < thisWeek; start += WEEK_MS) {
    points.push({ ...weekDates(start), live: false, indicators: stored.get(start) ?? null, visits: visits.get(start) ?? 0 })
  }
  points.push({ ...weekDates(thisWeek), live: true, indicators: toFigures(indicatorFigures(live.area)), visits: live.area.visitsThisWeek })
  return { areaId: area.id, name: area.name, level: area.level, points, serverTime: new Date(now).toISOString() }
}

function weekDates(start: number): Pick<TrendPoint, 'weekStart' | 'weekEnd'> {
  return { weekStart: chinaDate(start), weekEnd: chinaDate(start + 6 * DAY_MS) }
}

/**
 * The area's figures per ranked week: a village's row in its town's ranking, a town's row in the county's, and
 * for a county the sum of its towns' rows.
 */
async function rankedFigures(db: Db, area: Area, from: number, to: number): Promise<Map<number, Figures>> {
  const source = area.level === 'village' ? area.town_id : area.level === 'town' ? area.county_id : area.id
  if (!source) return new Map()
  const out = new Map<number, Figures>()
  for (const r of await rankingsBetween(db.kysely, source, from, to)) {
    const mine = area.level === 'county' ? r.rows : r.rows.filter((row) => row.areaId === area.id)
    // A village added after that week's ranking has no row in it: a gap, not zeros.
    if (mine.length) out.set(r.weekStart, toFigures(sumRows(mine)))
  }
  return out
}

/** Visits received per China week, from the grid aggregates that 本周走访 on the dashboard also reads. */
async function weeklyVisits(db: Db, area: Area, from: number, to: number): Promise<Map<number, number>> {
  const rows = await db.kysely
    .selectFrom('grid_tallies as t')
    .innerJoin('grid_week_visits as w', 'w.grid_id', 't.grid_id')
    .select(['w.week_start', sql<number>`sum(w.visits)`.as('visits')])
    .where(`t.${levelColumn(area.level)}`, '=', area.id)
    .where('w.week_start', '>=', from)
    .where('w.week_start', '<', to)
    .groupBy('w.week_start')
    .execute()
  return new Map(rows.map((r) => [Number(r.week_start), Number(r.visits)]))
}
