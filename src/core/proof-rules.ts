// Only the proof that is needed (#13): per campaign, which install steps need a screenshot, whether a visit needs a
// photo and whether a visit's position is recorded at all. The form and the server apply the same rules from here;
// the schema that reads a stored policy is in proof-policy.ts (this file stays free of zod for the app's first screens).
import { INSTALL_STEPS, type InstallStep } from './install-steps'
import type { InstallBody } from './schemas/install'
import type { VisitBody } from './schemas/visit'

/** consent: one fix when the worker saves a visit, only if they switched it on; off: never. Never a track. */
export const GPS_MODES = ['consent', 'off'] as const
export type GpsMode = (typeof GPS_MODES)[number]

export const GPS_MODE_LABEL: Record<GpsMode, string> = {
  consent: '网格员同意后，仅在保存时记录一次',
  off: '不记录位置',
}

export interface ProofPolicy {
  /** Install steps whose record needs at least one screenshot (unless the resident declines, 居民不愿截图). */
  screenshotSteps: InstallStep[]
  /** A 见面宣传 visit (outcome met) needs at least one photo. */
  visitPhoto: boolean
  gps: GpsMode
}

/**
 * The defaults a campaign has until the county changes them: screenshots for the three steps, as the campaign
 * documents' weekly roster asks (安装后的截图, which a resident may decline); no visit photo; position only with the
 * worker's consent, once, at save time.
 */
export const DEFAULT_PROOF_POLICY: ProofPolicy = { screenshotSteps: [...INSTALL_STEPS], visitPhoto: false, gps: 'consent' }

export type InstallProofProblem = 'SCREENSHOT_REQUIRED'

/**
 * Whether an install record carries the proof the campaign asks for. Examples with the defaults: steps [installed]
 * and no screenshot → SCREENSHOT_REQUIRED; the same with screenshotDeclined → fine (居民不愿截图, recorded as such);
 * with screenshotSteps [installed] only, steps [warning_on] and no screenshot → fine.
 */
export function installProofProblem(
  policy: ProofPolicy,
  body: Pick<InstallBody, 'steps' | 'screenshotShas' | 'screenshotDeclined'>,
): InstallProofProblem | null {
  if (body.screenshotShas.length > 0 || body.screenshotDeclined) return null
  return body.steps.some((s) => policy.screenshotSteps.includes(s.step)) ? 'SCREENSHOT_REQUIRED' : null
}

export type VisitProofProblem = 'VISIT_PHOTO_REQUIRED' | 'LOCATION_NOT_COLLECTED'

/**
 * Whether a visit fits the campaign's settings. Examples: visitPhoto on, outcome met, no photo →
 * VISIT_PHOTO_REQUIRED (not_home needs none: nobody was there to photograph); gps off and a location → refused,
 * LOCATION_NOT_COLLECTED (the county decided not to collect it).
 */
export function visitProofProblem(policy: ProofPolicy, body: Pick<VisitBody, 'outcome' | 'photoShas' | 'location'>): VisitProofProblem | null {
  if (policy.gps === 'off' && body.location) return 'LOCATION_NOT_COLLECTED'
  if (policy.visitPhoto && body.outcome === 'met' && !(body.photoShas?.length)) return 'VISIT_PHOTO_REQUIRED'
  return null
}

/** Whether the visit form may ask for a position at all (still only with the worker's consent, at save). */
export function mayRecordLocation(policy: ProofPolicy): boolean {
  return policy.gps !== 'off'
}
