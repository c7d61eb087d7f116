// The pace, place, time and roster flags of arriving records, as pure functions of the facts the caller fetched.
// A flag names what was seen and never changes a record; each record gets each kind at most once.
import { paceFlags, samePointFlags } from './pace'
import { placeFlags } from './place'
import { rosterFlags } from './roster'
import { DEFAULT_FLAG_SETTINGS, type FlagSettings } from './settings'
import { timeFlags } from './time'
import type { FlagDraft, FlagInput, RecordFacts } from './facts'

export type { FactLocation, FactsOf, FlagDraft, FlagInput, GridGeometry, KnownResident, KnownSigner, RecordFacts } from './facts'
export { DEFAULT_FLAG_SETTINGS, type FlagSettings } from './settings'
export { APP_LAUNCH_DATE } from './time'

export function flagRecords(input: FlagInput, settings: FlagSettings = DEFAULT_FLAG_SETTINGS): FlagDraft[] {
  const drafts = [
    ...paceFlags(input.arrived, input.recent, settings),
    ...samePointFlags(input.arrived, input.recent, settings),
    ...placeFlags(input.arrived, input.grids, settings),
    ...timeFlags(input.arrived, settings),
    ...rosterFlags(input.arrived, input.residents, input.signers),
  ]
  const seen = new Set<string>()
  return drafts.filter((d) => {
    const key = `${d.kind}\u0000${d.recordId}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * The occurredAt range (both ends included) of the arrived records' workers' stored records that `recent` must
 * hold for the pace rules; null when nothing arrived. Offline records arrive hours late, so it follows occurredAt,
 * not the receipt time.
 */
export function contextRange(arrived: readonly RecordFacts[], settings: FlagSettings = DEFAULT_FLAG_SETTINGS): { from: number; to: number } | null {
  if (!arrived.length) return null
  const margin = Math.max(settings.pace.windowMs, settings.samePoint.windowMs)
  const times = arrived.map((r) => r.occurredAt)
  return { from: Math.min(...times) - margin, to: Math.max(...times) + margin }
}
