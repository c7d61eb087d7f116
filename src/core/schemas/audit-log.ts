// 操作记录: the audit trail as county and town admins search it, newest first, paged by a cursor.
import { z } from 'zod'
import { multilineText, text } from './text'

const DateSchema = z.iso.date()

export const AuditLogQuerySchema = z.object({
  /** Entries by users whose area lies within this area (default the caller's own). */
  areaId: text().min(1).max(64).optional(),
  /** The acting user: their account id, or part of their name. */
  who: text().trim().min(1).max(40).optional(),
  /** Comma-separated actions; one ending in `*` is a prefix: `case.*,login`. */
  action: text().trim().min(1).max(200).optional(),
  /** China-time dates, inclusive. */
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  /** The `next` of the previous page. */
  before: text().regex(/^\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type AuditLogQuery = z.infer<typeof AuditLogQuerySchema>

export const AuditEntrySchema = z.object({
  seq: text(),
  at: text(),
  userId: text().nullable(),
  /** Empty for entries no signed-in user made (a resident's signing link, a refused login). */
  userName: text(),
  userRole: text().nullable(),
  userAreaName: text().nullable(),
  action: text(),
  /** In Chinese (core/audit-actions.ts), else the action as stored. */
  actionLabel: text(),
  entity: text(),
  entityId: text().nullable(),
  /** The detail as one short line. */
  summary: multilineText(),
})
export type AuditEntryView = z.infer<typeof AuditEntrySchema>

export const AuditLogResponseSchema = z.object({
  area: z.object({ id: text(), name: text(), level: text() }),
  entries: z.array(AuditEntrySchema),
  next: text().nullable(),
})
export type AuditLogResponse = z.infer<typeof AuditLogResponseSchema>
