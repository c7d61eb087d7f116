// Per-grid aggregates behind the coverage views (grid_tallies and its three child tables). Every write that moves
// a figure recounts the grids it touched from the summary columns, in the same transaction; a grid is a few
// hundred households, so a recount costs about what a delta would and cannot drift.
import { PostgresAdapter, sql, type Kysely } from 'kysely'
import { CHINA_WEEK_SHIFT_MS, WEEK_MS } from '@core/china-time'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { counted } from '../queries/counted-records'

/** Which grids to recount: a list, or every grid (rebuild, migration back-fill). */
type Grids = readonly string[] | 'all'

/**
 * Which of a grid's figures a write may have moved. The household figures always; the others only when the write
 * changed what they count: residents (their rows or install dates), hand-out items, counted visits. A household
 * deleted or restored moves all of them.
 */
export interface TallyParts {
  residents: boolean
  handouts: boolean
  weekVisits: boolean
}

const ALL_PARTS: TallyParts = { residents: true, handouts: true, weekVisits: true }

/**
 * Recounts the given grids' aggregates. On PostgreSQL it first locks their grid_tallies rows in id order, so
 * concurrent writers to one grid recount one after another and the later one (READ COMMITTED) sees the
 * earlier one's committed summaries; sorted ids keep two writers with overlapping grids from deadlocking.
 */
export async function refreshGridTallies(trx: Kysely<Database>, gridIds: Iterable<string>, parts: TallyParts = ALL_PARTS): Promise<void> {
  const ids = [...new Set(gridIds)].sort()
  if (ids.length === 0) return
  if (isPostgres(trx)) await lockGrids(trx, ids)
  await recountGrids(trx, ids, parts)
}

/** Recounts every grid in one set-based pass; for after a bulk load. Writers wait for it on PostgreSQL. */
export async function rebuildGridTallies(db: Db): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    // EXCLUSIVE still lets dashboards read the old figures, but not a writer lock a grid row meanwhile.
    if (db.dialect === 'postgres') await sql`lock table grid_tallies in exclusive mode`.execute(trx)
    await recountGrids(trx, 'all')
  })
}

function isPostgres(trx: Kysely<Database>): boolean {
  return trx.getExecutor().adapter instanceof PostgresAdapter
}

async function lockGrids(trx: Kysely<Database>, ids: string[]): Promise<void> {
  const lock = () => trx.selectFrom('grid_tallies').select('grid_id').where('grid_id', 'in', ids).orderBy('grid_id').forUpdate().execute()
  if ((await lock()).length === ids.length) return
  // A grid with no row yet (only grids created after the back-fill without a recount): give it one, then lock.
  await trx
    .insertInto('grid_tallies')
    .columns(['grid_id', 'village_id', 'town_id', 'county_id', 'households', 'visited', 'pledged'])
    .expression(
      trx
        .selectFrom('areas')
        .select(['id', sql<string>`coalesce(village_id, '')`.as('v'), sql<string>`coalesce(town_id, '')`.as('t'), 'county_id'])
        .select([sql.lit(0).as('h'), sql.lit(0).as('c'), sql.lit(0).as('p')])
        .where('id', 'in', ids)
        .where('level', '=', 'grid')
        .orderBy('id'),
    )
    .onConflict((oc) => oc.column('grid_id').doNothing())
    .execute()
  await lock()
}

export async function recountGrids(trx: Kysely<Database>, grids: Grids, parts: TallyParts = ALL_PARTS): Promise<void> {
  await upsertHouseholdTallies(trx, grids)
  if (parts.residents) await replaceResidentTallies(trx, grids)
  if (parts.handouts) await replaceHandoutTallies(trx, grids)
  if (parts.weekVisits) await replaceWeekVisits(trx, grids)
}

/** Updated in place, never deleted: a writer waiting on the row's lock must find it again. */
async function upsertHouseholdTallies(trx: Kysely<Database>, grids: Grids): Promise<void> {
  let perGrid = trx
    .selectFrom('households')
    .select([
      'grid_id',
      sql<number>`count(*)`.as('households'),
      sql<number>`sum(covered)`.as('visited'),
      sql<number>`sum(case when pledge_count > 0 then 1 else 0 end)`.as('pledged'),
    ])
    .where('deleted_at', 'is', null)
    .groupBy('grid_id')
  if (grids !== 'all') perGrid = perGrid.where('grid_id', 'in', grids)
  let source = trx
    .selectFrom('areas as g')
    .leftJoin(perGrid.as('h'), 'h.grid_id', 'g.id')
    .select([
      'g.id',
      sql<string>`coalesce(g.village_id, '')`.as('village_id'),
      sql<string>`coalesce(g.town_id, '')`.as('town_id'),
      'g.county_id',
      sql<number>`coalesce(h.households, 0)`.as('households'),
      sql<number>`coalesce(h.visited, 0)`.as('visited'),
      sql<number>`coalesce(h.pledged, 0)`.as('pledged'),
    ])
    // Also keeps SQLite from reading the upsert's ON CONFLICT as a join constraint.
    .where('g.level', '=', 'grid')
  if (grids !== 'all') source = source.where('g.id', 'in', grids)
  await trx
    .insertInto('grid_tallies')
    .columns(['grid_id', 'village_id', 'town_id', 'county_id', 'households', 'visited', 'pledged'])
    .expression(source)
    .onConflict((oc) =>
      oc.column('grid_id').doUpdateSet((eb) => ({
        households: eb.ref('excluded.households'),
        visited: eb.ref('excluded.visited'),
        pledged: eb.ref('excluded.pledged'),
      })),
    )
    .execute()
}

async function replaceResidentTallies(trx: Kysely<Database>, grids: Grids): Promise<void> {
  let del = trx.deleteFrom('grid_resident_tallies')
  if (grids !== 'all') del = del.where('grid_id', 'in', grids)
  await del.execute()
  let source = trx
    .selectFrom('residents as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .select([
      'h.grid_id',
      sql<number>`p.birth_year`.as('birth_year'),
      sql<number>`count(*)`.as('residents'),
      sql<number>`count(p.installed_on)`.as('installed'),
      sql<number>`count(p.real_name_on)`.as('real_name'),
      sql<number>`count(p.warning_on_on)`.as('warning_on'),
    ])
    .where('h.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .where('p.birth_year', 'is not', null)
    .groupBy(['h.grid_id', 'p.birth_year'])
  if (grids !== 'all') source = source.where('h.grid_id', 'in', grids)
  await trx
    .insertInto('grid_resident_tallies')
    .columns(['grid_id', 'birth_year', 'residents', 'installed', 'real_name', 'warning_on'])
    .expression(source)
    .execute()
}

async function replaceHandoutTallies(trx: Kysely<Database>, grids: Grids): Promise<void> {
  let del = trx.deleteFrom('grid_handout_tallies')
  if (grids !== 'all') del = del.where('grid_id', 'in', grids)
  await del.execute()
  let source = trx
    .selectFrom('handout_items as i')
    .innerJoin('households as h', 'h.id', 'i.household_id')
    .select(['i.grid_id', 'i.material_id', sql<number>`sum(i.quantity)`.as('quantity')])
    .where('h.deleted_at', 'is', null)
    .groupBy(['i.grid_id', 'i.material_id'])
  if (grids !== 'all') source = source.where('i.grid_id', 'in', grids)
  await trx.insertInto('grid_handout_tallies').columns(['grid_id', 'material_id', 'quantity']).expression(source).execute()
}

// chinaWeekStart (src/core/china-time.ts) in SQL; integer division floors, received_at being positive. Literals,
// not parameters, so PostgreSQL can match the select expression with the GROUP BY one.
const SHIFT = sql.lit(CHINA_WEEK_SHIFT_MS)
const WEEK = sql.lit(WEEK_MS)
const weekStartOf = sql<number>`((r.received_at + ${SHIFT}) / ${WEEK}) * ${WEEK} - ${SHIFT}`

async function replaceWeekVisits(trx: Kysely<Database>, grids: Grids): Promise<void> {
  let del = trx.deleteFrom('grid_week_visits')
  if (grids !== 'all') del = del.where('grid_id', 'in', grids)
  await del.execute()
  let source = trx
    .selectFrom('records as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.grid_id', weekStartOf.as('week_start'), sql<number>`count(*)`.as('visits')])
    .where('r.kind', '=', 'visit')
    .where(counted('r'))
    .where('h.deleted_at', 'is', null)
    .groupBy(['r.grid_id', weekStartOf])
  if (grids !== 'all') source = source.where('r.grid_id', 'in', grids)
  await trx.insertInto('grid_week_visits').columns(['grid_id', 'week_start', 'visits']).expression(source).execute()
}
