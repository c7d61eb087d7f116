// The roster changes of an area as officials read them (村/镇 名册变更): newest first, paged by a cursor.
import { z } from 'zod'
import { multilineText, text } from './text'
import { HOUSEHOLD_STATUSES, RESIDENT_STATUSES } from './roster-change'

export const RosterChangesQuerySchema = z.object({
  /** A grid, village, town or the county in the caller's scope; defaults to the caller's own area. */
  areaId: text().min(1).max(64).optional(),
  /** The `next` of the previous page: changes received before it. */
  before: text().regex(/^\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type RosterChangesQuery = z.infer<typeof RosterChangesQuerySchema>

export const RosterChangeSchema = z.object({
  recordId: text(),
  action: z.enum(['add_household', 'add_resident', 'edit_resident', 'resident_status', 'household_status']),
  status: z.enum([...RESIDENT_STATUSES, ...HOUSEHOLD_STATUSES]).nullable(),
  /** One line in Chinese: 新增住户 2栋102（户主 李明）, 王芳 迁出… */
  description: multilineText(),
  householdId: text(),
  doorplate: text(),
  headName: text(),
  gridId: text(),
  gridName: text(),
  residentId: text().nullable(),
  residentName: text().nullable(),
  authorName: text(),
  /** When the worker made it (phone clock, never later than receipt) and when the server received it, ISO. */
  occurredAt: text(),
  receivedAt: text(),
})
export type RosterChange = z.infer<typeof RosterChangeSchema>

export const RosterChangesResponseSchema = z.object({
  area: z.object({ id: text(), name: text(), level: text() }),
  changes: z.array(RosterChangeSchema),
  /** Pass as `before` for the next page; null on the last page. */
  next: text().nullable(),
})
export type RosterChangesResponse = z.infer<typeof RosterChangesResponseSchema>
