// 不在名册: households and residents a register import no longer listed but kept for their records, and an
// official's decision on each (移出名册 or 保留).
import { z } from 'zod'
import { text } from './text'

export const OFF_REGISTER_ENTITIES = ['household', 'resident'] as const
export type OffRegisterEntity = (typeof OFF_REGISTER_ENTITIES)[number]

export const OffRegisterQuerySchema = z.object({
  /** A grid, village, town or the county in the caller's scope; defaults to the caller's own area. */
  areaId: text().min(1).max(64).optional(),
  /** The `next` of the previous page. */
  after: text().regex(/^(household|resident):.{1,64}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type OffRegisterQuery = z.infer<typeof OffRegisterQuerySchema>

export const OffRegisterItemSchema = z.object({
  entity: z.enum(OFF_REGISTER_ENTITIES),
  id: text(),
  householdId: text(),
  gridId: text(),
  gridName: text(),
  doorplate: text(),
  headName: text(),
  /** The resident's name; null for a whole household. */
  residentName: text().nullable(),
  /** The resident's phone, masked (138****5678); '' for a household or none. */
  phone: text(),
  /** When an import first found it missing, ISO. */
  offRegisterAt: text(),
})
export type OffRegisterItem = z.infer<typeof OffRegisterItemSchema>

export const OffRegisterResponseSchema = z.object({
  area: z.object({ id: text(), name: text(), level: text() }),
  /** How many wait for a decision in the whole area (not only this page). */
  total: z.object({ households: z.number().int(), residents: z.number().int() }),
  /** Households first, then residents. */
  items: z.array(OffRegisterItemSchema),
  /** Pass as `after` for the next page; null on the last page. */
  next: text().nullable(),
})
export type OffRegisterResponse = z.infer<typeof OffRegisterResponseSchema>

export const OffRegisterParamsSchema = z.object({
  entity: z.enum(OFF_REGISTER_ENTITIES),
  id: text().min(1).max(64),
})

export const OFF_REGISTER_DECISIONS = ['remove', 'keep'] as const
export type OffRegisterDecision = (typeof OFF_REGISTER_DECISIONS)[number]

export const OffRegisterDecisionSchema = z.object({
  /** remove: leaves the register now (as a field 迁出), its records kept; keep: stays on the register, the mark cleared. */
  decision: z.enum(OFF_REGISTER_DECISIONS),
})

export const OffRegisterDecisionResponseSchema = z.object({
  entity: z.enum(OFF_REGISTER_ENTITIES),
  id: text(),
  decision: z.enum(OFF_REGISTER_DECISIONS),
  decidedAt: text(),
})
export type OffRegisterDecisionResponse = z.infer<typeof OffRegisterDecisionResponseSchema>
