// One household as the drill-down lists it (a row) and as its detail page shows it (GET /households/:id), apart from
// the area lists' schemas so the worker's main package carries only these.
import { z } from 'zod'
import { VISIT_OUTCOMES } from './visit'

export const HouseholdRowSchema = z.object({
  id: z.string(),
  doorplate: z.string(),
  headName: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  /** Covered: someone was met (不在家 does not count). */
  visited: z.boolean(),
  lastVisitAt: z.string().nullable(),
  lastOutcome: z.enum(VISIT_OUTCOMES).nullable(),
  pledgeCount: z.number().int(),
  /** Residents aged 16–60 this year. */
  targetResidents: z.number().int(),
  /** Of those, how many miss at least one of the three install steps. */
  missingInstallSteps: z.number().int(),
})
export type HouseholdRow = z.infer<typeof HouseholdRowSchema>

export const HouseholdViewParamsSchema = z.object({ id: z.string().min(1).max(64) })

export const ViewResidentSchema = z.object({
  id: z.string(),
  name: z.string(),
  age: z.number().int().nullable(),
  gender: z.enum(['M', 'F']).nullable(),
  tags: z.array(z.string()),
  /** Masked (138****5678) unless the caller is the grid's own worker. */
  phone: z.string().nullable(),
  inTarget: z.boolean(),
  installedOn: z.string().nullable(),
  realNameOn: z.string().nullable(),
  warningOnOn: z.string().nullable(),
  /** Screenshots of the resident's effective install records, newest record first. */
  screenshotShas: z.array(z.string()),
})
export type ViewResident = z.infer<typeof ViewResidentSchema>

export const ViewPledgeSchema = z.object({
  recordId: z.string(),
  signerName: z.string(),
  signedAt: z.string(),
  verificationCode: z.string(),
  duplicate: z.boolean(),
  signatureSha: z.string().nullable(),
})

export const ViewHandoutSchema = z.object({
  recordId: z.string(),
  materialName: z.string(),
  quantity: z.number().int(),
  handedAt: z.string(),
})

export const ViewVisitSchema = z.object({
  recordId: z.string(),
  outcome: z.enum(VISIT_OUTCOMES).nullable(),
  visitedAt: z.string(),
  notes: z.string(),
  /** Who logged the visit (the worker's name). */
  byName: z.string().default(''),
})

export const HouseholdViewSchema = z.object({
  household: HouseholdRowSchema.extend({ visitCount: z.number().int(), deleted: z.boolean() }),
  /** Phones are shown in full (the caller is this grid's worker). */
  fullPhones: z.boolean(),
  residents: z.array(ViewResidentSchema),
  pledges: z.array(ViewPledgeSchema),
  handouts: z.array(ViewHandoutSchema),
  visits: z.array(ViewVisitSchema),
})
export type HouseholdView = z.infer<typeof HouseholdViewSchema>
