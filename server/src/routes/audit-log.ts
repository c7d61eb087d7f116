// 操作记录: the audit trail, read only.
import type { FastifyPluginAsync } from 'fastify'
import { auditLog } from '@core/api/endpoints/audit-log'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { searchAuditLog } from '../services/audit-search'

export const auditLogRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  // Not audited itself (see services/audit-search.ts).
  route(app, auditLog, async ({ user, query }) => searchAuditLog(db, user, query))
}
