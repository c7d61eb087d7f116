// The audit trail (痕迹管理): who changed or exported what, and when.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export interface AuditEntry {
  at: number
  userId: string | null
  action: string
  entity: string
  entityId?: string | null
  detail?: Record<string, unknown>
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute()
}
