// Place flags on a visit's GPS fix: outside its grid (超出网格), and an accuracy that is missing or too good to be a
// real phone fix, or coordinates that are whole degrees (定位精度可疑). A visit without a fix is not flagged here.
import { distanceM } from './geo'
import type { FactLocation, FlagDraft, GridGeometry, RecordFacts } from './facts'
import type { FlagSettings } from './settings'

/** 超出网格: farther from the grid's centre than radius × tolerance. Example: radius 500 m, ×1.5: 760 m is outside. */
function outsideGrid(id: string, at: FactLocation, grid: GridGeometry, s: FlagSettings): FlagDraft | null {
  if (!grid) return null
  const d = distanceM(grid.centre, at)
  const limitM = grid.radiusM * s.place.radiusTolerance
  if (d <= limitM) return null
  return {
    recordId: id,
    kind: 'outside_grid',
    evidence: { distanceM: Math.round(d), radiusM: grid.radiusM, tolerance: s.place.radiusTolerance, limitM: Math.round(limitM), location: { lat: at.lat, lng: at.lng }, centre: grid.centre },
  }
}

/** Why a fix cannot come from a phone's GPS, or null when it can. */
function implausibleFix(at: FactLocation, s: FlagSettings): Record<string, unknown> | null {
  const { accuracy } = at
  if (typeof accuracy !== 'number' || !Number.isFinite(accuracy)) return { reason: 'accuracy_missing', lat: at.lat, lng: at.lng }
  if (accuracy < s.place.minAccuracyM) return { reason: 'accuracy_too_exact', accuracy, minAccuracyM: s.place.minAccuracyM }
  // A real fix has many decimals; whole degrees (0,0 included) are typed or made up.
  if (Number.isInteger(at.lat) || Number.isInteger(at.lng)) return { reason: 'whole_degrees', lat: at.lat, lng: at.lng, accuracy }
  return null
}

export function placeFlags(arrived: readonly RecordFacts[], grids: Readonly<Record<string, GridGeometry>>, s: FlagSettings): FlagDraft[] {
  const drafts: FlagDraft[] = []
  for (const r of arrived) {
    if (r.kind !== 'visit' || !r.body.location) continue
    const at = r.body.location
    const outside = outsideGrid(r.id, at, Object.hasOwn(grids, r.gridId) ? grids[r.gridId] : null, s)
    if (outside) drafts.push(outside)
    const implausible = implausibleFix(at, s)
    if (implausible) drafts.push({ recordId: r.id, kind: 'gps_accuracy', evidence: implausible })
  }
  return drafts
}
