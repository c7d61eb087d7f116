// 电话抽查 figures: sample size, checked, confirmed and discrepancy rates per village or worker, and the mark a
// ranking row gets when its area's discrepancy rate is above the configured threshold. One rule for both.
import { sql } from 'kysely'
import { CHECKED_OUTCOMES, DISCREPANCY_OUTCOMES, ratePct, type SpotCheckMark, type SpotCheckOutcome, type SpotCheckStats } from '@core/schemas/spot-checks'
import type { Db } from '../db/database'
import { CHILD_LEVEL, type Area } from '../services/areas'

interface Tally {
  checked: number
  discrepancies: number
}

/** Above the threshold, with at least one resident checked. */
export function isMarked(t: Tally, thresholdPct: number): boolean {
  const pct = ratePct(t.discrepancies, t.checked)
  return pct !== null && pct > thresholdPct
}

/** Items grouped by `id` (a village or a worker), in order of first appearance. */
export function spotCheckStats(items: { id: string; name: string; outcome: SpotCheckOutcome | null }[], thresholdPct: number): SpotCheckStats[] {
  const groups = new Map<string, SpotCheckStats>()
  for (const it of items) {
    let g = groups.get(it.id)
    if (!g) {
      g = { id: it.id, name: it.name, sampled: 0, checked: 0, confirmed: 0, discrepancies: 0, unreachable: 0, wrongNumber: 0, confirmedPct: null, discrepancyPct: null, marked: false }
      groups.set(it.id, g)
    }
    g.sampled++
    if (it.outcome && CHECKED_OUTCOMES.includes(it.outcome)) g.checked++
    if (it.outcome === 'confirmed') g.confirmed++
    if (it.outcome && DISCREPANCY_OUTCOMES.includes(it.outcome)) g.discrepancies++
    if (it.outcome === 'unreachable') g.unreachable++
    if (it.outcome === 'wrong_number') g.wrongNumber++
  }
  return [...groups.values()].map((g) => ({
    ...g,
    confirmedPct: ratePct(g.confirmed, g.checked),
    discrepancyPct: ratePct(g.discrepancies, g.checked),
    marked: isMarked(g, thresholdPct),
  }))
}

/**
 * Each child area of `parent` (villages of a town, towns of the county) reached by the spot checks of the weeks
 * starting in [from, to) — every draw, town or county — with its discrepancy rate and mark. Children nobody checked
 * are absent. A ranking asks for its one week, the monthly report for the weeks starting in its month.
 */
export async function spotCheckMarks(db: Db, parent: Area, weeks: { from: number; to: number }, thresholdPct: number): Promise<Map<string, SpotCheckMark>> {
  const childLevel = CHILD_LEVEL[parent.level]
  if (childLevel !== 'village' && childLevel !== 'town') return new Map()
  const childCol = childLevel === 'village' ? 'village_id' : 'town_id'
  const parentCol = parent.level === 'town' ? 'town_id' : 'county_id'
  const rows = await db.kysely
    .selectFrom('spot_check_items as i')
    .innerJoin('spot_check_draws as d', 'd.id', 'i.draw_id')
    .select([`i.${childCol} as child`, 'i.outcome', sql<number>`count(*)`.as('n')])
    .where('d.week_start', '>=', weeks.from)
    .where('d.week_start', '<', weeks.to)
    .where(`i.${parentCol}`, '=', parent.id)
    .where('i.outcome', 'in', [...CHECKED_OUTCOMES])
    .groupBy([`i.${childCol}`, 'i.outcome'])
    .execute()
  const tallies = new Map<string, Tally>()
  for (const r of rows) {
    const t = tallies.get(r.child) ?? { checked: 0, discrepancies: 0 }
    t.checked += Number(r.n)
    if (r.outcome && DISCREPANCY_OUTCOMES.includes(r.outcome)) t.discrepancies += Number(r.n)
    tallies.set(r.child, t)
  }
  return new Map([...tallies].map(([child, t]) => [child, { ...t, discrepancyPct: ratePct(t.discrepancies, t.checked) ?? 0, marked: isMarked(t, thresholdPct) }]))
}
