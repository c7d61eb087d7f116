// The 电话抽查 sample as a pure function of the candidates and a seed: the same seed and candidates (in any order)
// give the same sample, so a stored draw can be checked and never re-rolled.
import { sha256Hex } from '@core/hash'

export type SpotCheckReason = 'sample' | 'flagged'

export interface SpotCandidate {
  residentId: string
  householdId: string
  villageId: string
  /** Who recorded what the call checks; null when nobody can be named. */
  workerId: string | null
  reason: SpotCheckReason
  recordIds: string[]
}

/**
 * One item per resident: flagged (待核查) records all go in; then, village by village, each worker with candidates gets
 * at least one resident, and the village is filled up to `perVillage` drawn items (flagged ones not counted). The order
 * of drawing is each resident's hash with the seed, so adding or removing one candidate moves no other.
 * Example: a village with 12 candidates by 2 workers and 1 flagged record, perVillage 5: the flagged resident plus 5
 * more, at least one of each worker.
 */
export function drawSample(candidates: readonly SpotCandidate[], seed: string, perVillage: number): SpotCandidate[] {
  const byVillage = new Map<string, SpotCandidate[]>()
  for (const c of mergeByResident(candidates)) {
    const list = byVillage.get(c.villageId) ?? []
    list.push(c)
    byVillage.set(c.villageId, list)
  }
  const out: SpotCandidate[] = []
  for (const villageId of [...byVillage.keys()].sort()) out.push(...drawVillage(byVillage.get(villageId)!, seed, perVillage))
  return out.sort((a, b) => compare(a.villageId, b.villageId) || compare(a.residentId, b.residentId))
}

/** A resident named by several records is one candidate: flagged if any record is, with every record id. */
export function mergeByResident(candidates: readonly SpotCandidate[]): SpotCandidate[] {
  const merged = new Map<string, SpotCandidate>()
  for (const c of [...candidates].sort((a, b) => compare(a.residentId, b.residentId) || compare(a.reason, b.reason))) {
    const seen = merged.get(c.residentId)
    if (!seen) {
      merged.set(c.residentId, { ...c, recordIds: [...c.recordIds] })
      continue
    }
    seen.reason = seen.reason === 'flagged' || c.reason === 'flagged' ? 'flagged' : 'sample'
    seen.workerId ??= c.workerId
    seen.recordIds = [...new Set([...seen.recordIds, ...c.recordIds])]
  }
  for (const c of merged.values()) c.recordIds.sort()
  return [...merged.values()]
}

function drawVillage(candidates: SpotCandidate[], seed: string, perVillage: number): SpotCandidate[] {
  const order = candidates
    .map((c) => ({ c, key: sha256Hex(`${seed}|${c.residentId}`) }))
    .sort((a, b) => compare(a.key, b.key) || compare(a.c.residentId, b.c.residentId))
    .map((x) => x.c)
  const chosen = new Set(order.filter((c) => c.reason === 'flagged'))
  const covered = new Set([...chosen].map((c) => c.workerId))
  let drawn = 0
  const workers = [...new Set(order.map((c) => c.workerId).filter((w): w is string => w !== null))].sort()
  for (const w of workers) {
    if (covered.has(w)) continue
    chosen.add(order.find((c) => c.workerId === w)!)
    covered.add(w)
    drawn++
  }
  for (const c of order) {
    if (drawn >= perVillage) break
    if (chosen.has(c)) continue
    chosen.add(c)
    drawn++
  }
  return [...chosen]
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
