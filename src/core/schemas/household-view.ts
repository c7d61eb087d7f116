// What village heads and town officials see when they drill from coverage into a grid and one household.
import { z } from 'zod'
import { text } from './text'
import { INSTALL_STEPS } from './install'
import { HouseholdRowSchema } from './household-detail'

// One household's row and detail live apart, so the worker's household page takes only those.
export * from './household-detail'

/** 超过30天未走访: the default of the stale filter. */
export const STALE_DAYS = 30

/**
 * all: every household. unvisited: never covered. no_pledge: nobody signed. install_gap: a 16–60 resident misses a
 * step. stale: visited, but the last visit was more than `days` days ago.
 */
export const HOUSEHOLD_FILTERS = ['all', 'unvisited', 'no_pledge', 'install_gap', 'stale'] as const
export type HouseholdFilter = (typeof HOUSEHOLD_FILTERS)[number]

export const AreaHouseholdsQuerySchema = z.object({
  filter: z.enum(HOUSEHOLD_FILTERS).default('all'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  /** For `stale`: how many days since the last visit count as long ago. */
  days: z.coerce.number().int().min(1).max(365).default(STALE_DAYS),
})

export const AreaHouseholdsParamsSchema = z.object({ areaId: text().min(1).max(64) })

export const AreaHouseholdsResponseSchema = z.object({
  area: z.object({ id: text(), name: text(), level: text() }),
  filter: z.enum(HOUSEHOLD_FILTERS),
  days: z.number().int(),
  total: z.number().int(),
  /** How many households each filter matches, for the tab labels. */
  counts: z.object({
    all: z.number().int(),
    unvisited: z.number().int(),
    no_pledge: z.number().int(),
    install_gap: z.number().int(),
    stale: z.number().int(),
  }),
  items: z.array(HouseholdRowSchema),
})
export type AreaHouseholdsResponse = z.infer<typeof AreaHouseholdsResponseSchema>

/** install_gap: residents aged 16–60 this (China) year missing at least one of the three install steps. */
export const AreaResidentsQuerySchema = z.object({
  filter: z.enum(['install_gap']).default('install_gap'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export const GapResidentSchema = z.object({
  residentId: text(),
  /** Masked for lists (张*明); the household page shows the full name. */
  name: text(),
  age: z.number().int(),
  householdId: text(),
  doorplate: text(),
  gridId: text(),
  gridName: text(),
  missing: z.array(z.enum(INSTALL_STEPS)).min(1),
})
export type GapResident = z.infer<typeof GapResidentSchema>

export const AreaResidentsResponseSchema = z.object({
  area: z.object({ id: text(), name: text(), level: text() }),
  filter: z.enum(['install_gap']),
  total: z.number().int(),
  items: z.array(GapResidentSchema),
})
export type AreaResidentsResponse = z.infer<typeof AreaResidentsResponseSchema>
