// What the village and town views show: coverage per child area and the never-visited households.
import { z } from 'zod'
import { text } from './text'
import { AREA_LEVELS } from './auth'

export const CoverageRowSchema = z.object({
  areaId: text(),
  name: text(),
  level: z.enum(AREA_LEVELS),
  households: z.number().int(),
  visited: z.number().int(),
  /** visited / households as a percentage with one decimal; 0 for an area without households. */
  coveragePct: z.number(),
  visitsThisWeek: z.number().int(),
  /** Households with at least one counted pledge. */
  pledgedHouseholds: z.number().int(),
  pledgePct: z.number(),
  /** Residents aged 16–60 (the install target group) and how many have done each step. */
  targetResidents: z.number().int(),
  installed: z.number().int(),
  realName: z.number().int(),
  warningOn: z.number().int(),
  installedPct: z.number(),
  realNamePct: z.number(),
  warningOnPct: z.number(),
  /** Pieces handed out, by material id. */
  handouts: z.record(text(), z.number().int()),
})
export type CoverageRow = z.infer<typeof CoverageRowSchema>

export const CoverageResponseSchema = z.object({
  area: CoverageRowSchema,
  /** The materials named in `handouts`, in catalogue order. */
  materials: z.array(z.object({ id: text(), name: text() })),
  rows: z.array(CoverageRowSchema),
  weekStart: text(),
  serverTime: text(),
})
export type CoverageResponse = z.infer<typeof CoverageResponseSchema>

export const CoverageQuerySchema = z.object({ areaId: text().min(1).max(64).optional() })

export const UnvisitedQuerySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export const UnvisitedHouseholdSchema = z.object({
  id: text(),
  doorplate: text(),
  headName: text(),
  gridId: text(),
  gridName: text(),
  /** The door was knocked on but nobody was reached (不在家) at least once. */
  attempted: z.boolean(),
})

export const UnvisitedResponseSchema = z.object({
  total: z.number().int(),
  items: z.array(UnvisitedHouseholdSchema),
})
export type UnvisitedResponse = z.infer<typeof UnvisitedResponseSchema>
