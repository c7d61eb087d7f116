// Per-worker activity this week (本周走访情况): each grid worker of the area, with zero rows for those who recorded
// nothing, plus anyone else who authored records there. Served from this week's records by receipt time, through
// the records_<level>_received index; a week's records of one town are a small slice of the table.
//
// Rules, by example:
// - a visit received on Sunday 23:59 China time belongs to last week, one received on Monday 00:00 to this week,
//   whatever the server's own timezone.
// - a corrected record counts once, as its correction (superseded records are left out).
// - a worker who also recorded in another village of the town appears once per village.
// - RANKING_NAMES=areas (the default): a town's or the county's view names no worker, each row is named by its grid
//   (第一网格（网格员）) or 其他人员; only the village head, who works with them, sees the names of the village's workers.
import { sql } from 'kysely'
import { chinaWeekStart } from '@core/china-time'
import type { ActivityResponse, WorkerActivity } from '@core/schemas/activity'
import type { Db } from '../db/database'
import { levelColumn, type UserContext } from '../auth/user-context'
import { areaInScope, type Area } from './areas'
import { counted } from '../queries/counted-records'

type Counts = Pick<WorkerActivity, 'visits' | 'households' | 'pledges' | 'installs' | 'handouts' | 'lastActiveAt'>
type Row = WorkerActivity & { townSort: number; villageSort: number; gridSort: number }

const AREA_COLUMN = { county: 'county_id', town: 'town_id', village: 'village_id' } as const

const ZERO: Counts = { visits: 0, households: 0, pledges: 0, installs: 0, handouts: 0, lastActiveAt: null }

export type WorkerNames = 'areas' | 'named'

export async function weeklyActivity(db: Db, user: UserContext, areaId: string | undefined, now: number, names: WorkerNames = 'areas'): Promise<ActivityResponse> {
  const area = await areaInScope(db, user, areaId)
  const weekStart = chinaWeekStart(now)
  const [tallies, workers] = await Promise.all([tallyByAuthor(db, area, weekStart), gridWorkers(db, area)])
  const rows: Row[] = workers.map((w) => {
    const key = `${w.userId}|${w.villageId}`
    const counts = tallies.get(key) ?? ZERO
    tallies.delete(key)
    return { ...w, ...counts }
  })
  rows.push(...(await otherAuthors(db, tallies)))
  // Town by town (the county's card groups villages under their town), then village, grid and name.
  rows.sort(
    (a, b) =>
      a.townSort - b.townSort ||
      (a.townId ?? '').localeCompare(b.townId ?? '') ||
      a.villageSort - b.villageSort ||
      (a.villageId ?? '').localeCompare(b.villageId ?? '') ||
      a.gridSort - b.gridSort ||
      a.name.localeCompare(b.name),
  )
  return {
    area: { id: area.id, name: area.name, level: area.level },
    weekStart: new Date(weekStart).toISOString(),
    workers: rows.map(({ townSort: _t, villageSort: _v, gridSort: _g, ...w }) => (names === 'named' || area.level === 'village' || area.level === 'grid' ? w : { ...w, name: byArea(w) })),
    serverTime: new Date(now).toISOString(),
  }
}

/** The row's name when workers are not named: where the work was done, not who did it. */
function byArea(w: WorkerActivity): string {
  return w.role === 'worker' && w.gridName ? `${w.gridName}（网格员）` : '其他人员'
}

/** This week's effective records of the area, per author and village. */
async function tallyByAuthor(db: Db, area: Area, weekStart: number): Promise<Map<string, Counts & { authorId: string; villageId: string }>> {
  const n = (kind: string) => sql<number>`sum(case when r.kind = ${kind} then 1 else 0 end)`
  const rows = await db.kysely
    .selectFrom('records as r')
    .select([
      'r.author_id',
      'r.village_id',
      n('visit').as('visits'),
      sql<number>`count(distinct case when r.kind = 'visit' then r.household_id end)`.as('households'),
      n('pledge').as('pledges'),
      n('install').as('installs'),
      n('handout').as('handouts'),
      sql<number>`max(r.occurred_at)`.as('last'),
    ])
    .where(`r.${levelColumn(area.level)}`, '=', area.id)
    .where('r.received_at', '>=', weekStart)
    .where(counted('r'))
    .groupBy(['r.author_id', 'r.village_id'])
    .execute()
  return new Map(
    rows.map((r) => [
      `${r.author_id}|${r.village_id}`,
      {
        authorId: r.author_id,
        villageId: r.village_id,
        visits: Number(r.visits),
        households: Number(r.households),
        pledges: Number(r.pledges),
        installs: Number(r.installs),
        handouts: Number(r.handouts),
        lastActiveAt: r.last === null ? null : new Date(Number(r.last)).toISOString(),
      },
    ]),
  )
}

/** Users with role worker whose area is a grid of the area, zero-filled. */
async function gridWorkers(db: Db, area: Area): Promise<Row[]> {
  const rows = await db.kysely
    .selectFrom('users as u')
    .innerJoin('areas as g', 'g.id', 'u.area_id')
    .innerJoin('areas as v', 'v.id', 'g.village_id')
    .innerJoin('areas as t', 't.id', 'g.town_id')
    .select([
      'u.id',
      'u.name',
      'g.id as grid_id',
      'g.name as grid_name',
      'g.sort as grid_sort',
      'v.id as village_id',
      'v.name as village_name',
      'v.sort as village_sort',
      't.id as town_id',
      't.name as town_name',
      't.sort as town_sort',
    ])
    .where('u.role', '=', 'worker')
    .where('g.level', '=', 'grid')
    .where(area.level === 'grid' ? 'g.id' : `g.${AREA_COLUMN[area.level]}`, '=', area.id)
    .execute()
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    role: 'worker',
    townId: r.town_id,
    townName: r.town_name,
    villageId: r.village_id,
    villageName: r.village_name,
    gridId: r.grid_id,
    gridName: r.grid_name,
    townSort: r.town_sort,
    villageSort: r.village_sort,
    gridSort: r.grid_sort,
    ...ZERO,
  }))
}

/** Rows for the authors left over: village heads, officials, or a worker recording outside their own grid's village. */
async function otherAuthors(db: Db, left: Map<string, Counts & { authorId: string; villageId: string }>): Promise<Row[]> {
  if (left.size === 0) return []
  const tallies = [...left.values()]
  const [users, villages] = await Promise.all([
    db.kysely.selectFrom('users').select(['id', 'name', 'role']).where('id', 'in', [...new Set(tallies.map((t) => t.authorId))]).execute(),
    db.kysely
      .selectFrom('areas as v')
      .leftJoin('areas as t', 't.id', 'v.town_id')
      .select(['v.id', 'v.name', 'v.sort', 't.id as town_id', 't.name as town_name', 't.sort as town_sort'])
      .where('v.id', 'in', [...new Set(tallies.map((t) => t.villageId))])
      .execute(),
  ])
  const userById = new Map(users.map((u) => [u.id, u]))
  const villageById = new Map(villages.map((v) => [v.id, v]))
  return tallies.map(({ authorId, villageId, ...counts }) => {
    const u = userById.get(authorId)
    const v = villageById.get(villageId)
    return {
      userId: authorId,
      name: u?.name ?? authorId,
      role: u?.role ?? 'worker',
      townId: v?.town_id ?? null,
      townName: v?.town_name ?? null,
      villageId,
      villageName: v?.name ?? null,
      gridId: null,
      gridName: null,
      townSort: v?.town_sort ?? Number.MAX_SAFE_INTEGER,
      villageSort: v?.sort ?? Number.MAX_SAFE_INTEGER,
      // After the village's grid workers.
      gridSort: Number.MAX_SAFE_INTEGER,
      ...counts,
    }
  })
}
