// One household as the drill-down lists it (a row) and as its detail page shows it (GET /households/:id), apart from
// the area lists' schemas so the worker's main package carries only these.
import { z } from 'zod'
import { multilineText, text } from './text'
import { VISIT_OUTCOMES } from './visit'

export const HouseholdRowSchema = z.object({
  id: text(),
  doorplate: text(),
  headName: text(),
  gridId: text(),
  gridName: text(),
  /** Covered: someone was met (不在家 does not count). */
  visited: z.boolean(),
  lastVisitAt: text().nullable(),
  lastOutcome: z.enum(VISIT_OUTCOMES).nullable(),
  pledgeCount: z.number().int(),
  /** Residents aged 16–60 this year. */
  targetResidents: z.number().int(),
  /** Of those, how many miss at least one of the three install steps. */
  missingInstallSteps: z.number().int(),
})
export type HouseholdRow = z.infer<typeof HouseholdRowSchema>

export const HouseholdViewParamsSchema = z.object({ id: text().min(1).max(64) })

export const ViewResidentSchema = z.object({
  id: text(),
  name: text(),
  age: z.number().int().nullable(),
  gender: z.enum(['M', 'F']).nullable(),
  tags: z.array(text()),
  /** Masked (138****5678) unless the caller is the grid's own worker. */
  phone: text().nullable(),
  inTarget: z.boolean(),
  installedOn: text().nullable(),
  realNameOn: text().nullable(),
  warningOnOn: text().nullable(),
  /** Screenshots of the resident's effective install records, newest record first. */
  screenshotShas: z.array(text()),
  /** 居民不愿截图: an install record says the resident declined a screenshot, and none was given. */
  screenshotDeclined: z.boolean().optional(),
})
export type ViewResident = z.infer<typeof ViewResidentSchema>

export const ViewPledgeSchema = z.object({
  recordId: text(),
  signerName: text(),
  signedAt: text(),
  verificationCode: text(),
  duplicate: z.boolean(),
  signatureSha: text().nullable(),
})

export const ViewHandoutSchema = z.object({
  recordId: text(),
  materialName: text(),
  quantity: z.number().int(),
  handedAt: text(),
})

export const ViewVisitSchema = z.object({
  recordId: text(),
  outcome: z.enum(VISIT_OUTCOMES).nullable(),
  visitedAt: text(),
  notes: multilineText(),
  /** Who logged the visit (the worker's name). */
  byName: text().default(''),
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
