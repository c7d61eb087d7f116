// What village heads and town officials see when they drill from coverage into a grid and one household.
import { z } from 'zod'
import { INSTALL_STEPS } from './install'
import { VISIT_OUTCOMES } from './visit'

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

export const AreaHouseholdsParamsSchema = z.object({ areaId: z.string().min(1).max(64) })

export const HouseholdRowSchema = z.object({
  id: z.string(),
  doorplate: z.string(),
  headName: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  /** Covered: someone was met (不在家 does not count). */
  visited: z.boolean(),
  lastVisitAt: z.string().nullable(),
  lastOutcome: z.enum(VISIT_OUTCOMES).nullable(),
  pledgeCount: z.number().int(),
  /** Residents aged 16–60 this year. */
  targetResidents: z.number().int(),
  /** Of those, how many miss at least one of the three install steps. */
  missingInstallSteps: z.number().int(),
})
export type HouseholdRow = z.infer<typeof HouseholdRowSchema>

export const AreaHouseholdsResponseSchema = z.object({
  area: z.object({ id: z.string(), name: z.string(), level: z.string() }),
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
  residentId: z.string(),
  /** Masked for lists (张*明); the household page shows the full name. */
  name: z.string(),
  age: z.number().int(),
  householdId: z.string(),
  doorplate: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  missing: z.array(z.enum(INSTALL_STEPS)).min(1),
})
export type GapResident = z.infer<typeof GapResidentSchema>

export const AreaResidentsResponseSchema = z.object({
  area: z.object({ id: z.string(), name: z.string(), level: z.string() }),
  filter: z.enum(['install_gap']),
  total: z.number().int(),
  items: z.array(GapResidentSchema),
})
export type AreaResidentsResponse = z.infer<typeof AreaResidentsResponseSchema>

export const HouseholdViewParamsSchema = z.object({ id: z.string().min(1).max(64) })

export const ViewResidentSchema = z.object({
  id: z.string(),
  name: z.string(),
  age: z.number().int().nullable(),
  gender: z.enum(['M', 'F']).nullable(),
  tags: z.array(z.string()),
  /** Masked (138****5678) unless the caller is the grid's own worker. */
  phone: z.string().nullable(),
  inTarget: z.boolean(),
  installedOn: z.string().nullable(),
  realNameOn: z.string().nullable(),
  warningOnOn: z.string().nullable(),
  /** Screenshots of the resident's effective install records, newest record first. */
  screenshotShas: z.array(z.string()),
})
export type ViewResident = z.infer<typeof ViewResidentSchema>

export const ViewPledgeSchema = z.object({
  recordId: z.string(),
  signerName: z.string(),
  signedAt: z.string(),
  verificationCode: z.string(),
  duplicate: z.boolean(),
  signatureSha: z.string().nullable(),
})

export const ViewHandoutSchema = z.object({
  recordId: z.string(),
  materialName: z.string(),
  quantity: z.number().int(),
  handedAt: z.string(),
})

export const ViewVisitSchema = z.object({
  recordId: z.string(),
  outcome: z.enum(VISIT_OUTCOMES).nullable(),
  visitedAt: z.string(),
  notes: z.string(),
  /** Who logged the visit (the worker's name). */
  byName: z.string().default(''),
})

export const HouseholdViewSchema = z.object({
  household: HouseholdRowSchema.extend({ visitCount: z.number().int(), deleted: z.boolean() }),
  /** Phones are shown in full (the caller is this grid's worker). */
  fullPhones: z.boolean(),
  residents: z.array(ViewResidentSchema),
  pledges: z.array(ViewPledgeSchema),
  handouts: z.array(ViewHandoutSchema),
  visits: z.array(ViewVisitSchema),
})
export type HouseholdView = z.infer<typeof HouseholdViewSchema>
