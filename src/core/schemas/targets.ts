// Payloads of the campaign, target and ranking routes (排名通报).
import { z } from 'zod'
import { INDICATORS } from '../targets'

export const IndicatorSchema = z.enum(INDICATORS)
const DateSchema = z.iso.date()

export const EffectiveTargetSchema = z.object({
  indicator: IndicatorSchema,
  base: z.enum(['households', 'residents_16_60']),
  targetPct: z.number(),
  deadline: DateSchema,
  /** The area that set it: the county's target, or an override nearer the area. */
  setByAreaId: z.string(),
})

export const CampaignResponseSchema = z.object({
  campaign: z.object({ id: z.string(), name: z.string(), areaId: z.string(), startsOn: DateSchema, endsOn: DateSchema.nullable() }),
  phases: z.array(z.object({ name: z.string(), startsOn: DateSchema, endsOn: DateSchema, current: z.boolean() })),
  areaId: z.string(),
  targets: z.array(EffectiveTargetSchema),
})
export type CampaignResponse = z.infer<typeof CampaignResponseSchema>

export const TargetInputSchema = z.object({
  /** Defaults to the caller's own area. */
  areaId: z.string().min(1).max(64).optional(),
  indicator: IndicatorSchema,
  targetPct: z.number().min(0).max(100),
  deadline: DateSchema,
})
export type TargetInput = z.infer<typeof TargetInputSchema>

export const AreaQuerySchema = z.object({ areaId: z.string().min(1).max(64).optional() })

export const TargetStatusItemSchema = EffectiveTargetSchema.extend({
  /** Households or 16–60 residents in the base, and how many are done now. */
  baseCount: z.number().int(),
  current: z.number().int(),
  currentPct: z.number(),
  state: z.enum(['met', 'on_track', 'behind']),
  /** More households or residents needed to reach the target. */
  needed: z.number().int(),
  /** Where the straight line from campaign start to deadline puts the area today. */
  expected: z.number().int(),
})

export const TargetStatusResponseSchema = z.object({
  areaId: z.string(),
  campaignId: z.string(),
  items: z.array(TargetStatusItemSchema),
  serverTime: z.string(),
})
export type TargetStatusResponse = z.infer<typeof TargetStatusResponseSchema>

export const IndicatorFigureSchema = z.object({ done: z.number().int(), base: z.number().int(), pct: z.number() })

export const RankingRowSchema = z.object({
  rank: z.number().int(),
  areaId: z.string(),
  name: z.string(),
  indicators: z.record(z.string(), IndicatorFigureSchema),
  /** Mean of the five indicator percentages, one decimal (see rankAreas for ties). */
  score: z.number(),
  /** Versus the previous stored ranking: places moved up (negative: down) and score points; null when not ranked then. */
  change: z.object({ rank: z.number().int().nullable(), score: z.number().nullable() }),
})
export type RankingRow = z.infer<typeof RankingRowSchema>

export const RankingQuerySchema = z.object({
  areaId: z.string().min(1).max(64).optional(),
  /** Monday of the ranked week (YYYY-MM-DD, China time); default the latest stored. */
  week: DateSchema.optional(),
})

export const RankingResponseSchema = z.object({
  areaId: z.string(),
  weekStart: DateSchema,
  createdAt: z.string(),
  rows: z.array(RankingRowSchema),
})
export type RankingResponse = z.infer<typeof RankingResponseSchema>
