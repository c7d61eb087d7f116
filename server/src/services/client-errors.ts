// Crash reports from the app: scrubbed again here (a client is never trusted to have done it), at most
// CLIENT_ERROR_LIMITS_SERVER.perUser an hour per account (the rest are dropped, answered stored: false, so a
// crash loop on one phone neither fills the table nor makes the app retry), and kept KEEP_DAYS.
import { randomUUID } from 'node:crypto'
import { CLIENT_ERROR_LIMITS, scrubErrorText, scrubPage } from '@core/client-error'
import type { ClientErrorReport } from '@core/schemas/client-error'
import type { Db } from '../db/database'
import type { UserContext } from '../auth/user-context'
import { allowRequest } from './request-window'

const HOUR = 3_600_000
export const CLIENT_ERROR_QUOTA = { perUser: 20, windowMs: HOUR, keepDays: 90 } as const

export async function reportClientError(db: Db, user: UserContext, report: ClientErrorReport, now: number): Promise<{ stored: boolean }> {
  const allowed = await allowRequest(db, [{ key: `client-errors:user:${user.id}`, limit: CLIENT_ERROR_QUOTA.perUser, windowMs: CLIENT_ERROR_QUOTA.windowMs }], now)
  if (!allowed) return { stored: false }
  await db.kysely
    .insertInto('client_errors')
    .values({
      id: randomUUID(),
      user_id: user.id,
      role: user.role,
      platform: report.platform,
      kind: report.kind,
      message: scrubErrorText(report.message, CLIENT_ERROR_LIMITS.message),
      stack: report.stack ? scrubErrorText(report.stack, CLIENT_ERROR_LIMITS.stack) : null,
      page: report.page ? scrubPage(report.page) : null,
      version: report.version ? scrubErrorText(report.version, 40) : null,
      created_at: now,
    })
    .execute()
  // Old reports go as new ones come (indexed on created_at): no job to schedule.
  await db.kysely.deleteFrom('client_errors').where('created_at', '<', now - CLIENT_ERROR_QUOTA.keepDays * 24 * HOUR).execute()
  return { stored: true }
}
