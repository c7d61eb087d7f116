// The sync protocol: batched push with a result per record, cursor-paged pull of the caller's scope.
import { z } from 'zod'
import { MaterialSchema } from './handout'
import { PledgeTemplateSchema } from './pledge'
import { HOUSEHOLD_STATUSES, RESIDENT_STATUSES } from './roster-change'
import { VISIT_OUTCOMES } from './visit'

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
  id: z.string(),
  status: z.enum(PUSH_STATUSES),
  code: z.string().optional(),
  message: z.string().optional(),
  /** Server receive time, ISO. */
  receivedAt: z.string().optional(),
  /** Kept but flagged, e.g. HOUSEHOLD_DELETED when the household was removed while the visit sat offline. */
  warning: z.string().optional(),
})
export type PushResult = z.infer<typeof PushResultSchema>

export const PushResponseSchema = z.object({ results: z.array(PushResultSchema), serverTime: z.string() })
export type PushResponse = z.infer<typeof PushResponseSchema>

export const PullQuerySchema = z.object({
  cursor: z.string().regex(/^\d{1,15}$/, '游标格式不正确').default('0'),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
})

export const HouseholdStatsSchema = z.object({
  visitCount: z.number().int(),
  covered: z.boolean(),
  lastVisitAt: z.string().nullable(),
  lastOutcome: z.enum(VISIT_OUTCOMES).nullable(),
  /** Distinct residents with a counted pledge (a repeat signature counts once). */
  pledgeCount: z.number().int().default(0),
})
export type HouseholdStats = z.infer<typeof HouseholdStatsSchema>

export const HouseholdSchema = z.object({
  id: z.string(),
  gridId: z.string(),
  doorplate: z.string(),
  headName: z.string(),
  deleted: z.boolean(),
  stats: HouseholdStatsSchema,
  /** What the field last marked it (迁出/空户/拆除, which also delete it); null otherwise. */
  rosterStatus: z.enum(HOUSEHOLD_STATUSES).nullable().optional(),
})
export type Household = z.infer<typeof HouseholdSchema>

export const ResidentSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  name: z.string(),
  birthYear: z.number().int().nullable(),
  gender: z.enum(['M', 'F']).nullable(),
  /** Full number only for the resident's own grid worker; masked for everyone else. */
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  deleted: z.boolean(),
  /** Dates (YYYY-MM-DD) of the three install steps of the 国家反诈中心 app, null while not done. */
  installedOn: z.string().nullable().default(null),
  realNameOn: z.string().nullable().default(null),
  warningOnOn: z.string().nullable().default(null),
  /** What the field last marked them: 迁出/死亡 (also deleted) or 长期在外 (still counted); null otherwise. */
  rosterStatus: z.enum(RESIDENT_STATUSES).exclude(['returned']).nullable().optional(),
})
export type Resident = z.infer<typeof ResidentSchema>

export const CampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
})
export type Campaign = z.infer<typeof CampaignSchema>

export const PullResponseSchema = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  households: z.array(HouseholdSchema),
  residents: z.array(ResidentSchema),
  campaign: CampaignSchema.nullable(),
  /** The pledge template version the user's town signs now (the newest of the town, else of the county). */
  templates: z.array(PledgeTemplateSchema).default([]),
  /** The materials catalogue for hand-outs. */
  materials: z.array(MaterialSchema).default([]),
  serverTime: z.string(),
})
export type PullResponse = z.infer<typeof PullResponseSchema>

/** The phone asks about its records that came back `conflict`: which an official has decided since. */
export const ConflictStatusRequestSchema = z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_PUSH_BATCH) })

export const ConflictStatusResponseSchema = z.object({
  /** Only the caller's own decided ones; the others are still waiting. */
  decided: z.array(z.object({ id: z.string(), decision: z.enum(['first', 'second']), decidedAt: z.string() })),
})
export type ConflictStatusResponse = z.infer<typeof ConflictStatusResponseSchema>
