// Every dashboard figure recounted from the raw tables with a model of its own (corrections, 不属实, the 16–60 target
// group, hand-outs), for tests that check the coverage view against what is stored.
import type { Kysely } from 'kysely'
import { chinaWeekStart } from '../../src/core/china-time'
import { isCoveringOutcome } from '../../src/core/coverage'
import type { VisitOutcome } from '../../src/core/schemas/visit'
import type { CoverageRow } from '../../src/core/schemas/coverage'
import type { Database } from '../../server/src/db/schema'

export type Figures = ReturnType<typeof pickFigures>

/** The figures of a coverage row that a recount can check. */
export function pickFigures(row: CoverageRow) {
  const { households, visited, visitsThisWeek, pledgedHouseholds, targetResidents, installed, realName, warningOn, handouts } = row
  return { households, visited, visitsThisWeek, pledgedHouseholds, targetResidents, installed, realName, warningOn, handouts }
}

/** Recounts from raw rows with its own model of corrections: a correction supersedes the newest version of its target. */
export async function recount(db: Kysely<Database>): Promise<(areaId: string, level: string) => Figures> {
  const records = await db.selectFrom('records').select(['id', 'kind', 'household_id', 'replaces_id', 'outcome', 'received_at', 'body', 'review_state']).orderBy('seq').execute()
  const households = await db.selectFrom('households').selectAll().execute()
  const residents = await db.selectFrom('residents').selectAll().execute()
  const supersededBy = new Map<string, string>()
  for (const r of records) {
    let head = r.replaces_id
    while (head && supersededBy.has(head)) head = supersededBy.get(head)!
    if (head) supersededBy.set(head, r.id)
  }
  // Found 不属实 by review: out of every figure, though it still takes part in the correction chain.
  const effective = records.filter((r) => !supersededBy.has(r.id) && r.review_state !== 'false')
  const weekStart = chinaWeekStart(Date.now())
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
  const stepDates = new Map<string, Record<string, string>>()
  for (const r of effective.filter((x) => x.kind === 'install')) {
    const b = JSON.parse(r.body).body as { residentId: string; steps: { step: string; doneOn: string }[] }
    const d = stepDates.get(b.residentId) ?? {}
    for (const s of b.steps) d[s.step] = s.doneOn
    stepDates.set(b.residentId, d)
  }
  return (areaId, level) => {
    const col = `${level}_id` as 'grid_id' | 'village_id' | 'town_id'
    const live = households.filter((h) => h.deleted_at === null && (level === 'grid' ? h.grid_id === areaId : h[col] === areaId))
    const liveIds = new Set(live.map((h) => h.id))
    const mine = effective.filter((r) => liveIds.has(r.household_id))
    const visits = mine.filter((r) => r.kind === 'visit')
    const covered = new Set(visits.filter((v) => isCoveringOutcome(v.outcome as VisitOutcome)).map((v) => v.household_id))
    const pledged = new Set(mine.filter((r) => r.kind === 'pledge').map((r) => r.household_id))
    const target = residents.filter((p) => liveIds.has(p.household_id) && p.deleted_at === null && p.birth_year !== null && year - p.birth_year >= 16 && year - p.birth_year <= 60)
    const handouts: Record<string, number> = {}
    for (const r of mine.filter((x) => x.kind === 'handout')) {
      for (const i of (JSON.parse(r.body).body as { items: { materialId: string; quantity: number }[] }).items) handouts[i.materialId] = (handouts[i.materialId] ?? 0) + i.quantity
    }
    const done = (step: string) => target.filter((p) => stepDates.get(p.id)?.[step]).length
    return {
      households: live.length,
      visited: covered.size,
      visitsThisWeek: visits.filter((v) => v.received_at >= weekStart).length,
      pledgedHouseholds: pledged.size,
      targetResidents: target.length,
      installed: done('installed'),
      realName: done('real_name'),
      warningOn: done('warning_on'),
      handouts,
    }
  }
}
