// Weekly rankings (排名通报) of a town's villages and the county's towns: the figures at a week's end, computed
// from what the server had received by then, so a ranking made late or made again comes out the same.
import { sql, type Kysely } from 'kysely'
import { chinaDate, chinaDateStart, chinaYear, WEEK_MS } from '@core/china-time'
import { coveragePct } from '@core/coverage'
import { INDICATORS, rankAreas, weekOnWeek, type Indicator } from '@core/targets'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { RankingResponse, RankingRow } from '@core/schemas/targets'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { AppError } from '../http/app-error'
import type { UserContext } from '../auth/user-context'
import { levelColumn } from '../auth/user-context'
import { rankingBefore, rankingOf } from '../queries/rankings'
import { birthYearInTargetAge } from '../queries/target-age'
import { CHILD_LEVEL, areaInScope, childAreas, type Area } from './areas'
import { notAwayAt } from './register-absences'
import { notFalse } from '../queries/counted-records'
import { spotCheckMarks } from '../truth/spot-check-stats'

export type Figures = Record<Indicator, { done: number; base: number }>

export const emptyFigures = (): Figures =>
  Object.fromEntries(INDICATORS.map((i) => [i, { done: 0, base: 0 }])) as Figures

type ChildColumn = ReturnType<typeof levelColumn>

/** The column of households naming `parent`'s child areas: towns of a county, villages of a town, grids of a village. */
function childColumn(parent: Area): ChildColumn {
  const level = CHILD_LEVEL[parent.level]
  if (!level) throw new Error(`a grid has no child areas: ${parent.id}`)
  return levelColumn(level)
}

/** Households of `parent` on the register at `end`: added before it, not gone before it, not away over it. */
const liveHouseholdsAt = (k: Kysely<Database>, parent: Area, end: number) =>
  k
    .selectFrom('households as h')
    .where(`h.${levelColumn(parent.level)}`, '=', parent.id)
    .where('h.created_at', '<', end)
    .where((eb) => eb.or([eb('h.deleted_at', 'is', null), eb('h.deleted_at', '>=', end)]))
    .where(notAwayAt('household', 'h.id', end))

/**
 * A record counts at `end` if received before it and not superseded by a record also received before it; one found
 * 不属实 stops counting at once, in past weeks too.
 */
const recordsInForceAt = (k: Kysely<Database>, parent: Area, end: number, kind: string) =>
  liveHouseholdsAt(k, parent, end)
    .innerJoin('records as r', 'r.household_id', 'h.id')
    .leftJoin('records as s', 's.id', 'r.superseded_by')
    .where('r.kind', '=', kind)
    .where('r.received_at', '<', end)
    .where((eb) => eb.or([eb('r.superseded_by', 'is', null), eb('s.received_at', '>=', end)]))
    .where(notFalse('r'))

/**
 * Each child area's figures as they stood at `end` (epoch ms): households that existed then, records received
 * before then that had not yet been corrected by then, residents on the register then (added before `end`, not
 * gone before it, not away over it: register_absences) aged 16–60 in the China year of `end`. So a period's figures made again later are the same.
 */
export async function figuresAt(db: Db, parent: Area, end: number): Promise<Map<string, Figures>> {
  const k = db.kysely
  const childCol = childColumn(parent)
  const out = new Map<string, Figures>()
  const fig = (child: string) => {
    let f = out.get(child)
    if (!f) out.set(child, (f = emptyFigures()))
    return f
  }

  const households = await liveHouseholdsAt(k, parent, end).select([`h.${childCol} as child`, sql<number>`count(*)`.as('n')]).groupBy(`h.${childCol}`).execute()
  for (const r of households) {
    fig(r.child!).visit_coverage.base = Number(r.n)
    fig(r.child!).pledge_households.base = Number(r.n)
  }

  const effectiveRecords = (kind: string) => recordsInForceAt(k, parent, end, kind)
  for (const [indicator, kind] of [['visit_coverage', 'visit'], ['pledge_households', 'pledge']] as const) {
    let q = effectiveRecords(kind)
    // 不在家 leaves a household uncovered (isCoveringOutcome).
    if (kind === 'visit') q = q.where('r.outcome', '<>', 'not_home')
    const rows = await q.select([`h.${childCol} as child`, sql<number>`count(distinct r.household_id)`.as('n')]).groupBy(`h.${childCol}`).execute()
    for (const r of rows) fig(r.child!)[indicator].done = Number(r.n)
  }

  const year = chinaYear(end - 1)
  const residents = await liveHouseholdsAt(k, parent, end)
    .innerJoin('residents as p', 'p.household_id', 'h.id')
    .select(['p.id', `h.${childCol} as child`])
    .where('p.created_at', '<', end)
    .where((eb) => eb.or([eb('p.deleted_at', 'is', null), eb('p.deleted_at', '>=', end)]))
    .where(notAwayAt('resident', 'p.id', end))
    .where(birthYearInTargetAge('p.birth_year', year))
    .execute()
  const childOf = new Map(residents.map((r) => [r.id, r.child!]))
  for (const r of residents) {
    for (const i of ['installed', 'real_name', 'warning_on'] as const) fig(r.child!)[i].base++
  }
  const installs = await effectiveRecords('install').select(['r.body']).execute()
  const done = new Set<string>()
  for (const row of installs) {
    const body = parseStoredRecord('install', row.body).body
    const child = childOf.get(body.residentId)
    if (!child) continue
    for (const s of body.steps) {
      const key = `${s.step}|${body.residentId}`
      if (done.has(key)) continue
      done.add(key)
      fig(child)[s.step].done++
    }
  }
  return out
}

export interface Activity {
  /** Visit records received in [from, end) and still in force at `end`. */
  visits: number
  /** Material id → pieces handed out by `end`. */
  handouts: Record<string, number>
}

/** Each child area's visits in a period and hand-outs so far, on the same terms as `figuresAt`. */
export async function activityAt(db: Db, parent: Area, from: number, end: number): Promise<Map<string, Activity>> {
  const childCol = childColumn(parent)
  const out = new Map<string, Activity>()
  const of = (child: string) => {
    let a = out.get(child)
    if (!a) out.set(child, (a = { visits: 0, handouts: {} }))
    return a
  }
  const visits = await recordsInForceAt(db.kysely, parent, end, 'visit')
    .where('r.received_at', '>=', from)
    .select([`h.${childCol} as child`, sql<number>`count(*)`.as('n')])
    .groupBy(`h.${childCol}`)
    .execute()
  for (const r of visits) of(r.child!).visits = Number(r.n)
  const handouts = await recordsInForceAt(db.kysely, parent, end, 'handout').select([`h.${childCol} as child`, 'r.body']).execute()
  for (const row of handouts) {
    const given = of(row.child!).handouts
    for (const i of parseStoredRecord('handout', row.body).body.items) given[i.materialId] = (given[i.materialId] ?? 0) + i.quantity
  }
  return out
}

/** One figure set that adds up several (a town's, from its villages': households and residents sit in one village). */
export function sumFigures(parts: Iterable<Figures>): Figures {
  const total = emptyFigures()
  for (const f of parts) {
    for (const i of INDICATORS) {
      total[i].done += f[i].done
      total[i].base += f[i].base
    }
  }
  return total
}

/**
 * The ranking of `parent`'s children for the week starting `weekStart`, with change against the last stored one.
 * `figures` (child id → figures at `weekEnd`) saves the count when the caller already has it.
 */
export async function computeRanking(db: Db, parent: Area, weekStart: number, weekEnd: number, figures?: Map<string, Figures>): Promise<RankingRow[]> {
  const children = await childAreas(db, parent.id)
  figures ??= await figuresAt(db, parent, weekEnd)
  const withPct = children.map((c) => {
    const f = figures.get(c.id) ?? emptyFigures()
    const indicators = Object.fromEntries(INDICATORS.map((i) => [i, { ...f[i], pct: coveragePct(f[i].done, f[i].base) }])) as Record<
      Indicator,
      { done: number; base: number; pct: number }
    >
    return { areaId: c.id, name: c.name, sort: c.sort, indicators }
  })
  const ranked = rankAreas(
    withPct.map((r) => ({ ...r, indicators: Object.fromEntries(INDICATORS.map((i) => [i, r.indicators[i].pct])) })),
    Object.fromEntries(INDICATORS.map((i) => [i, 1])),
  )
  const prevRows = (await rankingBefore(db.kysely, parent.id, weekStart))?.rows ?? null
  const byId = new Map(withPct.map((r) => [r.areaId, r]))
  return ranked.map((r) => ({
    rank: r.rank,
    areaId: r.areaId,
    name: r.name,
    indicators: byId.get(r.areaId)!.indicators,
    score: r.score,
    change: weekOnWeek(r, prevRows),
  }))
}

/** The stored ranking; with `spotCheckPct`, each row reached by the week's 电话抽查 carries its discrepancy mark. */
export async function storedRanking(db: Db, user: UserContext, areaId: string | undefined, week: string | undefined, spotCheckPct?: number): Promise<RankingResponse> {
  const area = await areaInScope(db, user, areaId)
  if (area.level !== 'town' && area.level !== 'county') throw new AppError('NOT_FOUND', '只有镇和县有排名通报')
  const stored = await rankingOf(db.kysely, area.id, week ? chinaDateStart(week) : undefined)
  if (!stored) throw new AppError('NOT_FOUND', '该周的排名尚未生成')
  return {
    areaId: area.id,
    weekStart: chinaDate(stored.weekStart),
    createdAt: new Date(stored.createdAt).toISOString(),
    rows: spotCheckPct === undefined ? stored.rows : await withSpotCheckMarks(db, area, stored.weekStart, stored.rows, spotCheckPct),
  }
}

async function withSpotCheckMarks(db: Db, area: Area, weekStart: number, rows: RankingRow[], thresholdPct: number): Promise<RankingRow[]> {
  const marks = await spotCheckMarks(db, area, { from: weekStart, to: weekStart + WEEK_MS }, thresholdPct)
  return rows.map((r) => (marks.has(r.areaId) ? { ...r, spotCheck: marks.get(r.areaId) } : r))
}
