// Fraud cases (逐案倒查): a reported case matched to a victim of the area, and the back-check of what the outreach had
// reached before the case date. Amounts are whole fen (core/money.ts).
import { z } from 'zod'
import { multilineText, text } from './text'
import { REVIEW_STATES } from '../review'
import { SCAM_TYPES } from '../scam-types'
import { INSTALL_STEPS } from './install'
import { VISIT_OUTCOMES } from './visit'

const AreaIdSchema = text().min(1).max(64)
const DateSchema = z.iso.date()

export const VictimSearchQuerySchema = z.object({
  /** A member's or the head's name, a phone's last digits (3 or more) or the doorplate, as the worker's list search. */
  q: text().trim().min(1).max(40),
  /** A town or the county in the caller's scope; defaults to the caller's own area. */
  areaId: AreaIdSchema.optional(),
})

export const VictimResidentSchema = z.object({
  id: text(),
  name: text(),
  age: z.number().int().nullable(),
  /** Masked (138****5678): enough to tell which member the police report names. */
  phone: text().nullable(),
})

export const VictimHouseholdSchema = z.object({
  id: text(),
  doorplate: text(),
  headName: text(),
  villageName: text(),
  gridName: text(),
  residents: z.array(VictimResidentSchema),
})
export type VictimHousehold = z.infer<typeof VictimHouseholdSchema>

export const VictimSearchResponseSchema = z.object({
  households: z.array(VictimHouseholdSchema),
  /** More households matched than are listed: the query should be narrower. */
  more: z.boolean(),
})
export type VictimSearchResponse = z.infer<typeof VictimSearchResponseSchema>

export const NewFraudCaseSchema = z.object({
  caseDate: DateSchema,
  scamType: z.enum(SCAM_TYPES),
  /** 损失金额 in fen (分); 0 when nothing was lost (attempted). Up to 10 billion yuan. */
  amountFen: z.number().int().min(0).max(1_000_000_000_000),
  householdId: text().min(1).max(64),
  /** The victim when the report names a member; null when only the household is known. */
  residentId: text().min(1).max(64).nullable().default(null),
  note: multilineText().trim().max(200).default(''),
})
export type NewFraudCase = z.infer<typeof NewFraudCaseSchema>

export const FraudCaseSchema = z.object({
  id: text(),
  caseDate: text(),
  scamType: z.enum(SCAM_TYPES),
  amountFen: z.number().int(),
  householdId: text(),
  doorplate: text(),
  headName: text(),
  residentId: text().nullable(),
  residentName: text().nullable(),
  villageId: text(),
  villageName: text(),
  note: multilineText(),
  createdByName: text(),
  createdAt: text(),
  /** The verdict of the back-check: the victim had been reached before the case date. */
  reached: z.boolean(),
})
export type FraudCase = z.infer<typeof FraudCaseSchema>

export const FraudCasesQuerySchema = z.object({
  areaId: AreaIdSchema.optional(),
  /** The `next` of the previous page. */
  before: text().regex(/^\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type FraudCasesQuery = z.infer<typeof FraudCasesQuerySchema>

export const FraudCasesResponseSchema = z.object({
  area: z.object({ id: text(), name: text(), level: text() }),
  cases: z.array(FraudCaseSchema),
  next: text().nullable(),
})
export type FraudCasesResponse = z.infer<typeof FraudCasesResponseSchema>

export const FraudCaseParamsSchema = z.object({ id: text().min(1).max(64) })

const EntrySchema = z.object({
  recordId: text(),
  /** YYYY-MM-DD, China time. */
  date: text(),
  /** The worker who recorded it. */
  byName: text(),
  reviewState: z.enum(REVIEW_STATES),
  /** Found 不属实 on review: shown, but it does not count as reached. */
  untrue: z.boolean(),
  /** The server received it on or after the case date (补录 after the case: possible, but worth a look). */
  receivedAfterCase: z.boolean(),
})

export const BackCheckSchema = z.object({
  case: FraudCaseSchema,
  visits: z.array(EntrySchema.extend({ outcome: z.enum(VISIT_OUTCOMES).nullable() })),
  pledges: z.array(EntrySchema.extend({ signerName: text() })),
  handouts: z.array(EntrySchema.extend({ materials: text() })),
  /** The matched resident's install steps; none when only the household is matched. */
  installSteps: z.array(EntrySchema.extend({ step: z.enum(INSTALL_STEPS) })),
})
export type BackCheck = z.infer<typeof BackCheckSchema>
export type BackCheckEntry = z.infer<typeof EntrySchema>

export const CaseReachQuerySchema = z.object({
  areaId: AreaIdSchema.optional(),
  /** Cases dated from / to (inclusive); all when left out. */
  from: DateSchema.optional(),
  to: DateSchema.optional(),
})

export const CaseReachRowSchema = z.object({
  areaId: text(),
  name: text(),
  cases: z.number().int(),
  reached: z.number().int(),
  /** reached / cases in percent, one decimal; null with no case. */
  sharePct: z.number().nullable(),
})
export type CaseReachRow = z.infer<typeof CaseReachRowSchema>

export const CaseReachResponseSchema = z.object({
  area: CaseReachRowSchema.extend({ level: text() }),
  rows: z.array(CaseReachRowSchema),
})
export type CaseReachResponse = z.infer<typeof CaseReachResponseSchema>
