// The sync protocol: batched push with a result per record, cursor-paged pull of the caller's scope.
import { z } from 'zod'
import { multilineText, text } from './text'
import { MaterialSchema } from './handout'
import { PledgeTemplateSchema } from './pledge'
import { HOUSEHOLD_STATUSES, RESIDENT_STATUSES } from './roster-change'
import { VISIT_OUTCOMES } from './visit'
import { ProofPolicySchema } from '../proof-policy'

export const MAX_PUSH_BATCH = 500

export const PushRequestSchema = z.object({
  /** Records are checked one by one, so one bad record does not sink its batch. Over MAX_PUSH_BATCH: 413. */
  records: z.array(z.unknown()).min(1),
})
export type PushRequest = z.infer<typeof PushRequestSchema>

/**
 * stored: new and kept. duplicate: same id, same content, already kept (safe resend).
 * conflict: same id, different content; both versions kept for review.
 * rejected: not kept (invalid, unknown household, out of scope); the app keeps it for the worker to see.
 */
export const PUSH_STATUSES = ['stored', 'duplicate', 'conflict', 'rejected'] as const
export type PushStatus = (typeof PUSH_STATUSES)[number]

export const PushResultSchema = z.object({
  id: text(),
  status: z.enum(PUSH_STATUSES),
  code: text().optional(),
  message: multilineText().optional(),
  /** Server receive time, ISO. */
  receivedAt: text().optional(),
  /** Kept but flagged, e.g. HOUSEHOLD_DELETED when the household was removed while the visit sat offline. */
  warning: text().optional(),
})
export type PushResult = z.infer<typeof PushResultSchema>

export const PushResponseSchema = z.object({ results: z.array(PushResultSchema), serverTime: text() })
export type PushResponse = z.infer<typeof PushResponseSchema>

export const PullQuerySchema = z.object({
  cursor: text().regex(/^\d{1,15}$/, '游标格式不正确').default('0'),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
})

export const HouseholdStatsSchema = z.object({
  visitCount: z.number().int(),
  covered: z.boolean(),
  lastVisitAt: text().nullable(),
  lastOutcome: z.enum(VISIT_OUTCOMES).nullable(),
  /** Distinct residents with a counted pledge (a repeat signature counts once). */
  pledgeCount: z.number().int().default(0),
})
export type HouseholdStats = z.infer<typeof HouseholdStatsSchema>

export const HouseholdSchema = z.object({
  id: text(),
  gridId: text(),
  doorplate: text(),
  headName: text(),
  deleted: z.boolean(),
  stats: HouseholdStatsSchema,
  /** What the field last marked it (迁出/空户/拆除, which also delete it); null otherwise. */
  rosterStatus: z.enum(HOUSEHOLD_STATUSES).nullable().optional(),
})
export type Household = z.infer<typeof HouseholdSchema>

export const ResidentSchema = z.object({
  id: text(),
  householdId: text(),
  name: text(),
  birthYear: z.number().int().nullable(),
  gender: z.enum(['M', 'F']).nullable(),
  /** Full number only for the resident's own grid worker; masked for everyone else. */
  phone: text().nullable(),
  tags: z.array(text()),
  deleted: z.boolean(),
  /** Dates (YYYY-MM-DD) of the three install steps of the 国家反诈中心 app, null while not done. */
  installedOn: text().nullable().default(null),
  realNameOn: text().nullable().default(null),
  warningOnOn: text().nullable().default(null),
  /** What the field last marked them: 迁出/死亡 (also deleted) or 长期在外 (still counted); null otherwise. */
  rosterStatus: z.enum(RESIDENT_STATUSES).exclude(['returned']).nullable().optional(),
})
export type Resident = z.infer<typeof ResidentSchema>

export const CampaignSchema = z.object({
  id: text(),
  name: text(),
  startsOn: text(),
  endsOn: text().nullable(),
  /** The proof its forms ask for (core/proof-policy.ts); absent in a cache from before it existed: the defaults. */
  proof: ProofPolicySchema.optional(),
})
export type Campaign = z.infer<typeof CampaignSchema>

export const PullResponseSchema = z.object({
  cursor: text(),
  hasMore: z.boolean(),
  households: z.array(HouseholdSchema),
  residents: z.array(ResidentSchema),
  campaign: CampaignSchema.nullable(),
  /** The pledge template version the user's town signs now (the newest of the town, else of the county). */
  templates: z.array(PledgeTemplateSchema).default([]),
  /** The materials catalogue for hand-outs. */
  materials: z.array(MaterialSchema).default([]),
  serverTime: text(),
})
export type PullResponse = z.infer<typeof PullResponseSchema>

/** The phone asks about its records that came back `conflict`: which an official has decided since. */
export const ConflictStatusRequestSchema = z.object({ ids: z.array(text().min(1).max(64)).min(1).max(MAX_PUSH_BATCH) })

export const ConflictStatusResponseSchema = z.object({
  /** Only the caller's own decided ones; the others are still waiting. */
  decided: z.array(z.object({ id: text(), decision: z.enum(['first', 'second']), decidedAt: text() })),
})
export type ConflictStatusResponse = z.infer<typeof ConflictStatusResponseSchema>
