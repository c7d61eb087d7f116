// 操作记录: the audit trail as county and town admins search it, newest first, paged by a cursor.
import { z } from 'zod'

const DateSchema = z.iso.date()

export const AuditLogQuerySchema = z.object({
  /** Entries by users whose area lies within this area (default the caller's own). */
  areaId: z.string().min(1).max(64).optional(),
  /** The acting user: their account id, or part of their name. */
  who: z.string().trim().min(1).max(40).optional(),
  /** Comma-separated actions; one ending in `*` is a prefix: `case.*,login`. */
  action: z.string().trim().min(1).max(200).optional(),
  /** China-time dates, inclusive. */
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  /** The `next` of the previous page. */
  before: z.string().regex(/^\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type AuditLogQuery = z.infer<typeof AuditLogQuerySchema>

export const AuditEntrySchema = z.object({
  seq: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  /** Empty for entries no signed-in user made (a resident's signing link, a refused login). */
  userName: z.string(),
  userRole: z.string().nullable(),
  userAreaName: z.string().nullable(),
  action: z.string(),
  /** In Chinese (core/audit-actions.ts), else the action as stored. */
  actionLabel: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** The detail as one short line. */
  summary: z.string(),
})
export type AuditEntryView = z.infer<typeof AuditEntrySchema>

export const AuditLogResponseSchema = z.object({
  area: z.object({ id: z.string(), name: z.string(), level: z.string() }),
  entries: z.array(AuditEntrySchema),
  next: z.string().nullable(),
})
export type AuditLogResponse = z.infer<typeof AuditLogResponseSchema>
