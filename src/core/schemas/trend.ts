// Payload of the weekly trend (趋势) of an area: its figures at the end of each past week, and this week so far.
import { z } from 'zod'
import { text } from './text'
import { AREA_LEVELS } from './auth'
import { IndicatorFigureSchema } from './targets'

export const MAX_TREND_WEEKS = 26

export const TrendQuerySchema = z.object({
  /** Defaults to the caller's own area; a village, town or county (grids have no weekly ranking). */
  areaId: text().min(1).max(64).optional(),
  /** Past weeks to show, most recent last; the current week comes on top of these. */
  weeks: z.coerce.number().int().min(1).max(MAX_TREND_WEEKS).default(12),
})

export const TrendPointSchema = z.object({
  /** Monday and Sunday of the week (China time). */
  weekStart: z.iso.date(),
  weekEnd: z.iso.date(),
  /** The current week, figures as of now (本周（实时）) rather than from a stored ranking. */
  live: z.boolean(),
  /**
   * Done / base / percentage per indicator (visit_coverage, pledge_households, installed, real_name, warning_on);
   * null for a week no ranking was made for, or when the area had no households or 16–60 residents yet.
   */
  indicators: z.record(text(), IndicatorFigureSchema.nullable()).nullable(),
  /** Visit records received that week (not superseded), as counted for 本周走访. */
  visits: z.number().int(),
})
export type TrendPoint = z.infer<typeof TrendPointSchema>

export const TrendResponseSchema = z.object({
  areaId: text(),
  name: text(),
  level: z.enum(AREA_LEVELS),
  points: z.array(TrendPointSchema),
  serverTime: text(),
})
export type TrendResponse = z.infer<typeof TrendResponseSchema>
