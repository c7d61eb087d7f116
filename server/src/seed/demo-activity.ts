// Demo field activity for a first start: the demo county's households date from the campaign start, and one town's
// grid workers have visited households week by week since, through the real ingest, so the weekly ranking job
// back-fills those weeks and the dashboards' 按周趋势 shows a rising line from the first run.
import { uuidv7 } from '@core/ids'
import { DAY_MS, HOUR_MS, WEEK_MS, chinaDateStart, chinaWeekStart } from '@core/china-time'
import type { Db } from '../db/database'
import { firstCampaignStart } from '../queries/campaigns'
import { ingestRecords } from '../services/ingest'
import { createPrng, mixSeed, type Prng } from './prng'

const MINUTE_MS = 60_000

/** Enough weeks for a line, few enough to keep the first start quick. */
const MAX_WEEKS = 8

export interface DemoActivityOptions {
  townId?: string
  seed?: number
}

/** Returns the visits stored; none when the campaign started less than a week before `now`. */
export async function seedDemoActivity(db: Db, now: number, opts: DemoActivityOptions = {}): Promise<number> {
  const townId = opts.townId ?? 't1'
  const firstStart = await firstCampaignStart(db.kysely)
  if (!firstStart) return 0
  const start = chinaDateStart(firstStart)
  const lastWeek = chinaWeekStart(now) - WEEK_MS
  const firstWeek = Math.max(chinaWeekStart(start), lastWeek - (MAX_WEEKS - 1) * WEEK_MS)
  if (firstWeek > lastWeek) return 0
  // The register was drawn up before the campaign and before the first demo visit (the first week may begin before
  // the campaign's first day), so every past week's ranking and month's report has its households and residents as
  // the base: a month with demo visits never reads 0 households.
  const drawnUp = Math.min(start, firstWeek, now)
  await db.kysely.updateTable('households').set({ created_at: drawnUp }).where('created_at', '>', drawnUp).execute()
  await db.kysely.updateTable('residents').set({ created_at: drawnUp }).where('created_at', '>', drawnUp).execute()

  const grids = await db.kysely
    .selectFrom('areas as g')
    .innerJoin('users as u', 'u.area_id', 'g.id')
    .select(['g.id', 'g.name', 'u.id as user_id', 'u.name as user_name'])
    .where('g.level', '=', 'grid')
    .where('g.town_id', '=', townId)
    .where('u.role', '=', 'worker')
    .orderBy('g.id')
    .execute()
  let stored = 0
  for (const [i, grid] of grids.entries()) {
    const prng = createPrng(mixSeed(opts.seed ?? 20261101, i + 1))
    const households = await db.kysely.selectFrom('households').select('id').where('grid_id', '=', grid.id).orderBy('id').execute()
    // Each grid keeps its own pace, 8–30% of its households a week, so villages rank apart.
    const perWeek = Math.max(1, Math.round((households.length * prng.int(8, 30)) / 100))
    const user = { id: grid.user_id, name: grid.user_name, role: 'worker' as const, areaId: grid.id, areaName: grid.name, areaLevel: 'grid' as const }
    let next = 0
    for (let week = firstWeek; week <= lastWeek && next < households.length; week += WEEK_MS) {
      // Tuesday to Saturday of that week, daytime; never later than now.
      // One walk, a door every 6–14 minutes (the pace a worker keeps, so no 速度异常 flag), synced at its end.
      let at = Math.min(now - 1, week + prng.int(1, 5) * DAY_MS + prng.int(8, 10) * HOUR_MS)
      const batch = households.slice(next, next + perWeek).map((h) => {
        const v = visit(h.id, at, prng)
        at += prng.int(6, 14) * MINUTE_MS
        return v
      })
      next += batch.length
      const results = await ingestRecords(db, user, batch, Math.min(now - 1, at))
      stored += results.filter((r) => r.status === 'stored').length
    }
  }
  return stored
}

/** One in ten doors finds nobody home (不在家), which leaves the household uncovered. */
function visit(householdId: string, at: number, prng: Prng) {
  const iso = new Date(at).toISOString()
  const outcome = prng.chance(0.1) ? 'not_home' : 'met'
  return {
    id: uuidv7(at, (n) => Uint8Array.from({ length: n }, () => prng.int(0, 255))),
    kind: 'visit',
    householdId,
    replaces: null,
    deviceId: 'demo-device',
    createdAt: iso,
    body: { outcome, peopleMet: outcome === 'met' ? prng.int(1, 3) : 0, residentIds: [], notes: '', visitedAt: iso, location: null },
  }
}
