// Coverage of an area and its child areas, from the per-grid aggregates kept current at ingest: visits, pledges,
// the three install steps among 16–60s, hand-outs by material.
import { sql } from 'kysely'
import { chinaWeekStart, chinaYear } from '@core/china-time'
import { coveragePct } from '@core/coverage'
import type { CoverageResponse, CoverageRow, UnvisitedResponse } from '@core/schemas/coverage'
import type { Db } from '../db/database'
import { levelColumn } from '../auth/user-context'
import { birthYearInTargetAge } from '../queries/target-age'
import { CHILD_LEVEL, childAreas, type Area } from './areas'

interface Tally {
  households: number
  visited: number
  visitsThisWeek: number
  pledgedHouseholds: number
  targetResidents: number
  installed: number
  realName: number
  warningOn: number
  handouts: Record<string, number>
}

const EMPTY: Tally = {
  households: 0,
  visited: 0,
  visitsThisWeek: 0,
  pledgedHouseholds: 0,
  targetResidents: 0,
  installed: 0,
  realName: 0,
  warningOn: 0,
  handouts: {},
}

export async function coverageOf(db: Db, area: Area, now: number): Promise<CoverageResponse> {
  const weekStart = chinaWeekStart(now)
  const childLevel = CHILD_LEVEL[area.level]
  const children = childLevel ? await childAreas(db, area.id) : []
  const tallies = await tallyByChild(db, area, weekStart, chinaYear(now))
  const rows = children.map((c) => toRow(c, tallies.get(c.id)))
  const total = childLevel ? sumTallies([...tallies.values()]) : tallies.get(area.id)
  const materials = await db.kysely.selectFrom('materials').select(['id', 'name']).orderBy('sort').orderBy('id').execute()
  return {
    area: toRow(area, total),
    rows,
    materials,
    weekStart: new Date(weekStart).toISOString(),
    serverTime: new Date(now).toISOString(),
  }
}

/** Some of a child area's figures, from one query. */
type ChildFigures = Partial<Tally> & { child: string }

/**
 * Each figure summed over the area's grid aggregates (services/grid-tallies.ts), grouped by child area (or by
 * the area itself for a grid), merged into one tally per child.
 */
async function tallyByChild(db: Db, area: Area, weekStart: number, year: number): Promise<Map<string, Tally>> {
  const areaCol = levelColumn(area.level)
  const groupCol = levelColumn(CHILD_LEVEL[area.level] ?? area.level)
  const parts = await Promise.all([
    householdTallies(db, areaCol, groupCol, area.id),
    visitTallies(db, areaCol, groupCol, area.id, weekStart),
    residentTallies(db, areaCol, groupCol, area.id, year),
    handoutTallies(db, areaCol, groupCol, area.id),
  ])
  const out = new Map<string, Tally>()
  for (const p of parts.flat()) {
    const t = out.get(p.child) ?? { ...EMPTY, handouts: {} }
    const { child, handouts, ...numbers } = p
    Object.assign(t, numbers)
    if (handouts) Object.assign(t.handouts, handouts)
    out.set(child, t)
  }
  return out
}

type Col = ReturnType<typeof levelColumn>

async function householdTallies(db: Db, areaCol: Col, groupCol: Col, areaId: string): Promise<ChildFigures[]> {
  const rows = await db.kysely
    .selectFrom('grid_tallies as t')
    .select([
      `t.${groupCol} as child`,
      sql<number>`sum(t.households)`.as('households'),
      sql<number>`sum(t.visited)`.as('visited'),
      sql<number>`sum(t.pledged)`.as('pledged'),
    ])
    .where(`t.${areaCol}`, '=', areaId)
    .groupBy(`t.${groupCol}`)
    .execute()
  return rows.map((r) => ({ child: r.child, households: Number(r.households), visited: Number(r.visited), pledgedHouseholds: Number(r.pledged) }))
}

async function visitTallies(db: Db, areaCol: Col, groupCol: Col, areaId: string, weekStart: number): Promise<ChildFigures[]> {
  const rows = await db.kysely
    .selectFrom('grid_tallies as t')
    .innerJoin('grid_week_visits as w', 'w.grid_id', 't.grid_id')
    .select([`t.${groupCol} as child`, sql<number>`sum(w.visits)`.as('visits')])
    .where(`t.${areaCol}`, '=', areaId)
    .where('w.week_start', '=', weekStart)
    .groupBy(`t.${groupCol}`)
    .execute()
  return rows.map((r) => ({ child: r.child, visitsThisWeek: Number(r.visits) }))
}

/** Residents aged 16–60 this (China) year, of live households. */
async function residentTallies(db: Db, areaCol: Col, groupCol: Col, areaId: string, year: number): Promise<ChildFigures[]> {
  const rows = await db.kysely
    .selectFrom('grid_tallies as t')
    .innerJoin('grid_resident_tallies as p', 'p.grid_id', 't.grid_id')
    .select([
      `t.${groupCol} as child`,
      sql<number>`sum(p.residents)`.as('target'),
      sql<number>`sum(p.installed)`.as('installed'),
      sql<number>`sum(p.real_name)`.as('real_name'),
      sql<number>`sum(p.warning_on)`.as('warning_on'),
    ])
    .where(`t.${areaCol}`, '=', areaId)
    .where(birthYearInTargetAge('p.birth_year', year))
    .groupBy(`t.${groupCol}`)
    .execute()
  return rows.map((r) => ({
    child: r.child,
    targetResidents: Number(r.target),
    installed: Number(r.installed),
    realName: Number(r.real_name),
    warningOn: Number(r.warning_on),
  }))
}

async function handoutTallies(db: Db, areaCol: Col, groupCol: Col, areaId: string): Promise<ChildFigures[]> {
  const rows = await db.kysely
    .selectFrom('grid_tallies as t')
    .innerJoin('grid_handout_tallies as i', 'i.grid_id', 't.grid_id')
    .select([`t.${groupCol} as child`, 'i.material_id', sql<number>`sum(i.quantity)`.as('quantity')])
    .where(`t.${areaCol}`, '=', areaId)
    .groupBy([`t.${groupCol}`, 'i.material_id'])
    .execute()
  return rows.map((r) => ({ child: r.child, handouts: { [r.material_id]: Number(r.quantity) } }))
}

function sumTallies(tallies: Tally[]): Tally {
  const total: Tally = { ...EMPTY, handouts: {} }
  for (const t of tallies) {
    for (const k of ['households', 'visited', 'visitsThisWeek', 'pledgedHouseholds', 'targetResidents', 'installed', 'realName', 'warningOn'] as const) {
      total[k] += t[k]
    }
    for (const [m, q] of Object.entries(t.handouts)) total.handouts[m] = (total.handouts[m] ?? 0) + q
  }
  return total
}

function toRow(area: Area, t: Tally | undefined): CoverageRow {
  const x = t ?? EMPTY
  return {
    areaId: area.id,
    name: area.name,
    level: area.level,
    households: x.households,
    visited: x.visited,
    coveragePct: coveragePct(x.visited, x.households),
    visitsThisWeek: x.visitsThisWeek,
    pledgedHouseholds: x.pledgedHouseholds,
    pledgePct: coveragePct(x.pledgedHouseholds, x.households),
    targetResidents: x.targetResidents,
    installed: x.installed,
    realName: x.realName,
    warningOn: x.warningOn,
    installedPct: coveragePct(x.installed, x.targetResidents),
    realNamePct: coveragePct(x.realName, x.targetResidents),
    warningOnPct: coveragePct(x.warningOn, x.targetResidents),
    handouts: { ...x.handouts },
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
