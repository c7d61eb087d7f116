// Payloads of the campaign, target and ranking routes (排名通报).
import { z } from 'zod'
import { text } from './text'
import { INDICATORS } from '../targets'
import { AREA_LEVELS } from './auth'
import { SpotCheckMarkSchema } from './spot-checks'
import { ProofPolicySchema } from '../proof-policy'

export const IndicatorSchema = z.enum(INDICATORS)
const DateSchema = z.iso.date()
const AreaLevelSchema = z.enum(AREA_LEVELS)

export const EffectiveTargetSchema = z.object({
  indicator: IndicatorSchema,
  base: z.enum(['households', 'residents_16_60']),
  targetPct: z.number(),
  deadline: DateSchema,
  /** The area that set it: the county's target, or an override nearer the area. */
  setByAreaId: text(),
  setByLevel: AreaLevelSchema,
  /** What the area would have without its own setting (继承值), when an area above sets the same target. */
  inherited: z.object({ targetPct: z.number(), setByAreaId: text(), setByLevel: AreaLevelSchema }).nullable(),
})

export const CampaignResponseSchema = z.object({
  campaign: z.object({ id: text(), name: text(), areaId: text(), startsOn: DateSchema, endsOn: DateSchema.nullable() }),
  phases: z.array(z.object({ name: text(), startsOn: DateSchema, endsOn: DateSchema, current: z.boolean() })),
  areaId: text(),
  areaName: text(),
  areaLevel: AreaLevelSchema,
  targets: z.array(EffectiveTargetSchema),
  /** Which proof the campaign asks for (core/proof-policy.ts); the defaults until the county changes them. */
  proof: ProofPolicySchema,
})
export type CampaignResponse = z.infer<typeof CampaignResponseSchema>

export const MAX_PHASES = 6

export const PhaseInputSchema = z.object({
  name: text().trim().min(1, '请填写阶段名称').max(20, '阶段名称不超过20字'),
  startsOn: DateSchema,
  endsOn: DateSchema,
})
export type PhaseInput = z.infer<typeof PhaseInputSchema>

/** The campaign's name and phases; the order and overlap rules are checked by phasesProblem. */
export const CampaignInputSchema = z.object({
  /** Defaults to the caller's own area; the campaign that applies there is edited. */
  areaId: text().min(1).max(64).optional(),
  name: text().trim().min(1, '请填写行动名称').max(60, '行动名称不超过60字'),
  phases: z.array(PhaseInputSchema).min(1, '至少需要一个阶段').max(MAX_PHASES, `最多${MAX_PHASES}个阶段`),
})
export type CampaignInput = z.infer<typeof CampaignInputSchema>

/** The county admin sets the proof settings of the campaign in force at an area (their county's, or a town's own). */
export const ProofPolicyInputSchema = z.object({
  areaId: text().min(1).max(64).optional(),
  proof: ProofPolicySchema,
})
export type ProofPolicyInput = z.infer<typeof ProofPolicyInputSchema>

/** A dated target given with a new campaign; set at the caller's area as the campaign's own (base) targets. */
export const NewTargetSchema = z.object({
  indicator: IndicatorSchema,
  targetPct: z.number().min(0).max(100),
  deadline: DateSchema,
})

/** 新建宣传行动 for the caller's own town or county; one target per indicator and deadline. */
export const NewCampaignInputSchema = z.object({
  name: CampaignInputSchema.shape.name,
  phases: CampaignInputSchema.shape.phases,
  targets: z
    .array(NewTargetSchema)
    .max(30, '目标最多30项')
    .refine((ts) => new Set(ts.map((t) => `${t.indicator}|${t.deadline}`)).size === ts.length, '同一指标同一期限只能设定一个目标')
    .optional(),
})
export type NewCampaignInput = z.infer<typeof NewCampaignInputSchema>

/**
 * What is wrong with a list of phases, or null. Example: 11-01..11-15 then 11-15..12-31 overlap on 11-15 (dates are
 * inclusive); 11-01..11-15 then 11-16..12-31 is fine; a gap between phases is allowed.
 */
export function phasesProblem(phases: readonly PhaseInput[]): 'PHASE_ENDS_BEFORE_START' | 'PHASES_OVERLAP' | null {
  if (phases.some((p) => p.endsOn < p.startsOn)) return 'PHASE_ENDS_BEFORE_START'
  for (let i = 1; i < phases.length; i++) if (phases[i].startsOn <= phases[i - 1].endsOn) return 'PHASES_OVERLAP'
  return null
}

/** 恢复继承: removes the area's own setting of one target. */
export const TargetKeySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  indicator: IndicatorSchema,
  deadline: DateSchema,
})
export type TargetKey = z.infer<typeof TargetKeySchema>

export const TargetInputSchema = z.object({
  /** Defaults to the caller's own area. */
  areaId: text().min(1).max(64).optional(),
  indicator: IndicatorSchema,
  targetPct: z.number().min(0).max(100),
  deadline: DateSchema,
})
export type TargetInput = z.infer<typeof TargetInputSchema>

export const AreaQuerySchema = z.object({ areaId: text().min(1).max(64).optional() })

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
  areaId: text(),
  campaignId: text(),
  items: z.array(TargetStatusItemSchema),
  serverTime: text(),
})
export type TargetStatusResponse = z.infer<typeof TargetStatusResponseSchema>

export const IndicatorFigureSchema = z.object({ done: z.number().int(), base: z.number().int(), pct: z.number() })

export const RankingRowSchema = z.object({
  rank: z.number().int(),
  areaId: text(),
  name: text(),
  indicators: z.record(text(), IndicatorFigureSchema),
  /** Mean of the five indicator percentages, one decimal (see rankAreas for ties). */
  score: z.number(),
  /** Versus the previous stored ranking: places moved up (negative: down) and score points; null when not ranked then. */
  change: z.object({ rank: z.number().int().nullable(), score: z.number().nullable() }),
  /** 电话抽查 of the week in this area, when any resident was checked; read at request time, never stored. */
  spotCheck: SpotCheckMarkSchema.optional(),
})
export type RankingRow = z.infer<typeof RankingRowSchema>

export const RankingQuerySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  /** Monday of the ranked week (YYYY-MM-DD, China time); default the latest stored. */
  week: DateSchema.optional(),
})

export const RankingResponseSchema = z.object({
  areaId: text(),
  weekStart: DateSchema,
  createdAt: text(),
  rows: z.array(RankingRowSchema),
})
export type RankingResponse = z.infer<typeof RankingResponseSchema>
