// 电话抽查: a 核查员's weekly sample of residents to phone, what the records say about each, and the outcomes.
import { z } from 'zod'
import { multilineText, text } from './text'
import { INSTALL_STEPS } from './install'

export const SPOT_CHECK_OUTCOMES = ['confirmed', 'not_installed', 'not_visited', 'unreachable', 'wrong_number'] as const
export type SpotCheckOutcome = (typeof SPOT_CHECK_OUTCOMES)[number]

export const SPOT_CHECK_OUTCOME_LABEL: Record<SpotCheckOutcome, string> = {
  confirmed: '属实',
  not_installed: '居民称未安装',
  not_visited: '未上门',
  unreachable: '无法接通',
  wrong_number: '号码错误',
}

export const SPOT_CHECK_REASONS = ['sample', 'flagged'] as const
export type SpotCheckReason = (typeof SPOT_CHECK_REASONS)[number]

/** Outcomes that answer whether the records are true; 无法接通 and 号码错误 do not, so they are not 已核查. */
export const CHECKED_OUTCOMES: readonly SpotCheckOutcome[] = ['confirmed', 'not_installed', 'not_visited']
/** Outcomes that show the records were not true (the discrepancy rate counts them). */
export const DISCREPANCY_OUTCOMES: readonly SpotCheckOutcome[] = ['not_installed', 'not_visited']

export const SpotCheckQuerySchema = z.object({
  /** The town or county drawn for; default the caller's own area. */
  areaId: text().min(1).max(64).optional(),
  /** Any day of the China week (YYYY-MM-DD); default the week before the current one. */
  week: z.iso.date().optional(),
})
export type SpotCheckQuery = z.infer<typeof SpotCheckQuerySchema>

export const SpotCheckItemSchema = z.object({
  id: text(),
  reason: z.enum(SPOT_CHECK_REASONS),
  residentName: text(),
  /** 138****5678; the full number only through 查看号码, audited. */
  phoneMasked: text(),
  hasPhone: z.boolean(),
  householdId: text(),
  doorplate: text(),
  villageId: text(),
  villageName: text(),
  workerName: text().nullable(),
  /** What the records say: install steps with their dates (YYYY-MM-DD), and the last visit's date. */
  installSteps: z.array(z.object({ step: z.enum(INSTALL_STEPS), doneOn: text() })),
  visitedOn: text().nullable(),
  outcome: z.enum(SPOT_CHECK_OUTCOMES).nullable(),
  outcomeAt: text().nullable(),
  comment: multilineText(),
})
export type SpotCheckItem = z.infer<typeof SpotCheckItemSchema>

/** One village's or worker's figures in a draw (or on a ranking: every draw of the week). */
export const SpotCheckStatsSchema = z.object({
  id: text(),
  name: text(),
  sampled: z.number().int(),
  /** With an answer about the records: 属实, 居民称未安装 or 未上门. */
  checked: z.number().int(),
  confirmed: z.number().int(),
  discrepancies: z.number().int(),
  unreachable: z.number().int(),
  wrongNumber: z.number().int(),
  /** Percent of checked, one decimal; null while nothing is checked. */
  confirmedPct: z.number().nullable(),
  discrepancyPct: z.number().nullable(),
  /** The discrepancy rate is above the configured threshold. */
  marked: z.boolean(),
})
export type SpotCheckStats = z.infer<typeof SpotCheckStatsSchema>

export const SpotCheckDrawSchema = z.object({
  id: text(),
  areaId: text(),
  areaName: text(),
  /** Monday of the week, YYYY-MM-DD (China time). */
  weekStart: text(),
  drawnAt: text(),
  drawnBy: text(),
  /** The stored seed: with the week's candidates sorted by id it draws this sample again. */
  seed: text(),
  perVillage: z.number().int(),
  thresholdPct: z.number(),
  items: z.array(SpotCheckItemSchema),
  villages: z.array(SpotCheckStatsSchema),
  workers: z.array(SpotCheckStatsSchema),
})
export type SpotCheckDraw = z.infer<typeof SpotCheckDrawSchema>

export const SpotCheckItemParamsSchema = z.object({ id: text().min(1).max(64) })

export const SpotCheckPhoneSchema = z.object({ phone: text().nullable() })

export const SpotCheckOutcomeBodySchema = z.object({
  outcome: z.enum(SPOT_CHECK_OUTCOMES),
  comment: multilineText().trim().max(200).default(''),
})
export type SpotCheckOutcomeBody = z.infer<typeof SpotCheckOutcomeBodySchema>

/** The discrepancy mark a ranking row carries when the week's spot checks reached its area. */
export const SpotCheckMarkSchema = z.object({
  checked: z.number().int(),
  discrepancies: z.number().int(),
  discrepancyPct: z.number(),
  marked: z.boolean(),
})
export type SpotCheckMark = z.infer<typeof SpotCheckMarkSchema>

/** Percent with one decimal; null for nothing checked. */
export function ratePct(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10
}
