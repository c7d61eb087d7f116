// 操作记录: the append-only audit trail, searched by the county admin and town officials (read only: no endpoint
// changes or deletes an entry).
import { AuditLogQuerySchema, AuditLogResponseSchema } from '../../schemas/audit-log'
import { endpoint } from '../endpoint'
import { TOWN_AND_COUNTY } from '../roles'

export const auditLog = endpoint({
  method: 'GET',
  path: '/audit-log',
  tag: 'audit',
  summary: '操作记录：本区域人员的操作（县级另含无登录用户的操作），按人员、操作、日期、区域筛选，新的在前',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: AuditLogQuerySchema,
  response: AuditLogResponseSchema,
})
