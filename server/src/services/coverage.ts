// Coverage of an area and its child areas, from the household visit summaries kept current at ingest.
import { sql } from 'kysely'
import { chinaWeekStart } from '@core/china-time'
import { coveragePct } from '@core/coverage'
import type { CoverageResponse, CoverageRow, UnvisitedResponse } from '@core/schemas/coverage'
import type { Db } from '../db/database'
import { levelColumn } from '../auth/user-context'
import { CHILD_LEVEL, childAreas, type Area } from './areas'

interface Tally {
  households: number
  visited: number
  visitsThisWeek: number
}

export async function coverageOf(db: Db, area: Area, now: number): Promise<CoverageResponse> {
  const weekStart = chinaWeekStart(now)
  const childLevel = CHILD_LEVEL[area.level]
  const children = childLevel ? await childAreas(db, area.id) : []
  const tallies = await tallyByChild(db, area, weekStart)
  const rows = children.map((c) => toRow(c, tallies.get(c.id)))
  const total = childLevel ? sumTallies([...tallies.values()]) : tallies.get(area.id)
  return {
    area: toRow(area, total),
    rows,
    weekStart: new Date(weekStart).toISOString(),
    serverTime: new Date(now).toISOString(),
  }
}

/** Households, covered households and this week's effective visits, grouped by child area (or the area itself). */
async function tallyByChild(db: Db, area: Area, weekStart: number): Promise<Map<string, Tally>> {
  const areaCol = levelColumn(area.level)
  const groupCol = levelColumn(CHILD_LEVEL[area.level] ?? area.level)
  const households = await db.kysely
    .selectFrom('households')
    .select([`${groupCol} as child`, sql<number>`count(*)`.as('households'), sql<number>`coalesce(sum(covered), 0)`.as('visited')])
    .where(areaCol, '=', area.id)
    .where('deleted_at', 'is', null)
    .groupBy(groupCol)
    .execute()
  const visits = await db.kysely
    .selectFrom('records as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .select([`h.${groupCol} as child`, sql<number>`count(*)`.as('visits')])
    .where(`r.${areaCol}`, '=', area.id)
    .where('r.received_at', '>=', weekStart)
    .where('r.kind', '=', 'visit')
    .where('r.superseded_by', 'is', null)
    .where('h.deleted_at', 'is', null)
    .groupBy(`h.${groupCol}`)
    .execute()
  const out = new Map<string, Tally>()
  for (const h of households) out.set(h.child, { households: Number(h.households), visited: Number(h.visited), visitsThisWeek: 0 })
  for (const v of visits) {
    const t = out.get(v.child) ?? { households: 0, visited: 0, visitsThisWeek: 0 }
    t.visitsThisWeek = Number(v.visits)
    out.set(v.child, t)
  }
  return out
}

function sumTallies(tallies: Tally[]): Tally {
  return tallies.reduce(
    (a, t) => ({ households: a.households + t.households, visited: a.visited + t.visited, visitsThisWeek: a.visitsThisWeek + t.visitsThisWeek }),
    { households: 0, visited: 0, visitsThisWeek: 0 },
  )
}

function toRow(area: Area, t: Tally | undefined): CoverageRow {
  const tally = t ?? { households: 0, visited: 0, visitsThisWeek: 0 }
  return {
    areaId: area.id,
    name: area.name,
    level: area.level,
    households: tally.households,
    visited: tally.visited,
    coveragePct: coveragePct(tally.visited, tally.households),
    visitsThisWeek: tally.visitsThisWeek,
  }
}

export async function unvisitedIn(db: Db, area: Area, limit: number, offset: number): Promise<UnvisitedResponse> {
  const areaCol = levelColumn(area.level)
  const base = db.kysely
    .selectFrom('households as h')
    .where(`h.${areaCol}`, '=', area.id)
    .where('h.deleted_at', 'is', null)
    .where('h.covered', '=', 0)
  const [{ total }] = await base.select(sql<number>`count(*)`.as('total')).execute()
  const rows = await base
    .innerJoin('areas as g', 'g.id', 'h.grid_id')
    .select(['h.id', 'h.doorplate', 'h.head_name', 'h.grid_id', 'g.name as grid_name', 'h.visit_count'])
    .orderBy('h.grid_id')
    .orderBy('h.id')
    .limit(limit)
    .offset(offset)
    .execute()
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      doorplate: r.doorplate,
      headName: r.head_name,
      gridId: r.grid_id,
      gridName: r.grid_name,
      attempted: r.visit_count > 0,
    })),
  }
}
