// A campaign's proof settings as stored and sent: the schema over the rules of proof-rules.ts.
import { z } from 'zod'
import { INSTALL_STEPS } from './install-steps'
import { DEFAULT_PROOF_POLICY, GPS_MODES, type ProofPolicy } from './proof-rules'

export * from './proof-rules'

export const ProofPolicySchema = z.object({
  /** Install steps whose record needs at least one screenshot (unless the resident declines, 居民不愿截图). */
  screenshotSteps: z
    .array(z.enum(INSTALL_STEPS))
    .max(3)
    .refine((s) => new Set(s).size === s.length, '步骤不能重复'),
  /** A 见面宣传 visit (outcome met) needs at least one photo. */
  visitPhoto: z.boolean(),
  gps: z.enum(GPS_MODES),
}) satisfies z.ZodType<ProofPolicy>

/** A stored policy (JSON or null) read back; anything unreadable falls back to the defaults. */
export function proofPolicyOf(json: string | null | undefined): ProofPolicy {
  if (!json) return DEFAULT_PROOF_POLICY
  const parsed = ProofPolicySchema.safeParse(JSON.parse(json))
  return parsed.success ? parsed.data : DEFAULT_PROOF_POLICY
}
