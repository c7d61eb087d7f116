// The roster changes of an area as officials read them (村/镇 名册变更): newest first, paged by a cursor.
import { z } from 'zod'
import { HOUSEHOLD_STATUSES, RESIDENT_STATUSES } from './roster-change'

export const RosterChangesQuerySchema = z.object({
  /** A grid, village, town or the county in the caller's scope; defaults to the caller's own area. */
  areaId: z.string().min(1).max(64).optional(),
  /** The `next` of the previous page: changes received before it. */
  before: z.string().regex(/^\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type RosterChangesQuery = z.infer<typeof RosterChangesQuerySchema>

export const RosterChangeSchema = z.object({
  recordId: z.string(),
  action: z.enum(['add_household', 'add_resident', 'edit_resident', 'resident_status', 'household_status']),
  status: z.enum([...RESIDENT_STATUSES, ...HOUSEHOLD_STATUSES]).nullable(),
  /** One line in Chinese: 新增住户 2栋102（户主 李明）, 王芳 迁出… */
  description: z.string(),
  householdId: z.string(),
  doorplate: z.string(),
  headName: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  residentId: z.string().nullable(),
  residentName: z.string().nullable(),
  authorName: z.string(),
  /** When the worker made it (phone clock, never later than receipt) and when the server received it, ISO. */
  occurredAt: z.string(),
  receivedAt: z.string(),
})
export type RosterChange = z.infer<typeof RosterChangeSchema>

export const RosterChangesResponseSchema = z.object({
  area: z.object({ id: z.string(), name: z.string(), level: z.string() }),
  changes: z.array(RosterChangeSchema),
  /** Pass as `before` for the next page; null on the last page. */
  next: z.string().nullable(),
})
export type RosterChangesResponse = z.infer<typeof RosterChangesResponseSchema>
