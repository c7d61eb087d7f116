// Pace flags: more households by one worker in a short window than anyone can walk to (速度异常), and many
// households logged at one GPS point (同一位置多户). Visits only: they are the records that claim the worker stood
// at the door; roster edits and installs may rightly be entered in a batch later.
//
// A pattern is judged when at least one of its visits has just arrived, and then every visit in it is flagged,
// stored ones too: whether the visits came in one batch or one by one, the same visits end up flagged.
// Example (defaults): 13 households in 10 minutes flags all 13 visits; 12 flags none.
import { distanceM } from './geo'
import type { FactLocation, FactsOf, FlagDraft, RecordFacts } from './facts'
import type { FlagSettings } from './settings'

type Visit = FactsOf<'visit'>
type Located = Visit & { body: { location: FactLocation } }

/** Each worker's visits among the arrived and recent records, each once, in time order. */
function visitsByWorker(arrived: readonly RecordFacts[], recent: readonly RecordFacts[]): Visit[][] {
  const byId = new Map<string, Visit>()
  for (const r of [...recent, ...arrived]) if (r.kind === 'visit') byId.set(r.id, r)
  const byWorker = new Map<string, Visit[]>()
  for (const v of byId.values()) {
    const list = byWorker.get(v.authorId)
    if (list) list.push(v)
    else byWorker.set(v.authorId, [v])
  }
  return [...byWorker.values()].map((vs) => vs.sort((a, b) => a.occurredAt - b.occurredAt || a.id.localeCompare(b.id)))
}

const householdCount = (vs: readonly Visit[]) => new Set(vs.map((v) => v.householdId)).size

/** Flags every visit of each group with the evidence of the largest group it is in. */
function flagGroups(groups: { visits: Visit[]; households: number; evidence: Record<string, unknown> }[], kind: FlagDraft['kind']) {
  const best = new Map<string, { households: number; draft: FlagDraft }>()
  for (const g of groups) {
    for (const v of g.visits) {
      const seen = best.get(v.id)
      if (!seen || seen.households < g.households) best.set(v.id, { households: g.households, draft: { recordId: v.id, kind, evidence: g.evidence } })
    }
  }
  return [...best.values()].map((b) => b.draft)
}

const timeSpan = (vs: readonly Visit[]) => ({ firstAt: vs[0].occurredAt, lastAt: vs[vs.length - 1].occurredAt, recordIds: vs.map((v) => v.id) })

/** 速度异常: the visits of each window of windowMs (both ends included) holding more than maxHouseholds households. */
export function paceFlags(arrived: readonly RecordFacts[], recent: readonly RecordFacts[], s: FlagSettings): FlagDraft[] {
  const isNew = new Set(arrived.map((r) => r.id))
  const { maxHouseholds, windowMs } = s.pace
  const groups = []
  for (const visits of visitsByWorker(arrived, recent)) {
    let end = 0
    for (let start = 0; start < visits.length; start++) {
      while (end + 1 < visits.length && visits[end + 1].occurredAt - visits[start].occurredAt <= windowMs) end++
      const window = visits.slice(start, end + 1)
      const households = householdCount(window)
      if (households <= maxHouseholds || !window.some((v) => isNew.has(v.id))) continue
      groups.push({ visits: window, households, evidence: { households, limit: maxHouseholds, windowMinutes: windowMs / 60_000, ...timeSpan(window) } })
    }
  }
  return flagGroups(groups, 'pace')
}

/** 同一位置多户: around each visit, the same worker's visits within radiusM and windowMs of it. */
export function samePointFlags(arrived: readonly RecordFacts[], recent: readonly RecordFacts[], s: FlagSettings): FlagDraft[] {
  const isNew = new Set(arrived.map((r) => r.id))
  const { minHouseholds, radiusM, windowMs } = s.samePoint
  const groups = []
  for (const visits of visitsByWorker(arrived, recent)) {
    const located = visits.filter((v): v is Located => v.body.location !== null)
    for (const centre of located) {
      const here = centre.body.location
      const near = located.filter((v) => Math.abs(v.occurredAt - centre.occurredAt) <= windowMs && distanceM(here, v.body.location) <= radiusM)
      const households = householdCount(near)
      if (households < minHouseholds || !near.some((v) => isNew.has(v.id))) continue
      const farthest = Math.max(...near.map((v) => distanceM(here, v.body.location)))
      groups.push({
        visits: near,
        households,
        evidence: {
          households,
          minHouseholds,
          radiusM,
          windowMinutes: windowMs / 60_000,
          centre: { lat: here.lat, lng: here.lng },
          maxDistanceM: Math.round(farthest * 10) / 10,
          ...timeSpan(near),
        },
      })
    }
  }
  return flagGroups(groups, 'same_point')
}
