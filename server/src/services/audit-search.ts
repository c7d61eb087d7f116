// 操作记录: searching the audit trail (services/audit.ts writes it; the database keeps it append-only).
//
// Which entries an official sees: those made by a user whose area lies within the area asked for (default the
// caller's own), by the user's area now. A town official sees what their town's workers, village heads and
// officials did, whatever the entry is about; the county admin sees everything, including entries no signed-in user
// made (a resident's signing link, a refused login). Entries about a town's households made by the county are the
// county's to see: an entry's subject would need a rule per entity kind, the actor's area is one rule for all.
//
// Searching is itself not audited: every search would add an entry to what is being searched, and a read of the
// trail discloses no resident's data beyond the ids and names the entries already hold.
import { sql, type SqlBool } from 'kysely'
import { auditActionLabel, summariseAuditDetail } from '@core/audit-actions'
import { DAY_MS, chinaDateStart } from '@core/china-time'
import type { AuditLogQuery, AuditLogResponse } from '@core/schemas/audit-log'
import type { Db } from '../db/database'
import type { UserContext } from '../auth/user-context'
import { levelColumn } from '../auth/user-context'
import { areaInScope } from './areas'

/** `case.*` → `case.%` with LIKE's own characters escaped, so `link_key.*` does not match `linkXkey.`. */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

export async function searchAuditLog(db: Db, user: UserContext, query: AuditLogQuery): Promise<AuditLogResponse> {
  const area = await areaInScope(db, user, query.areaId)
  const actions = (query.action ?? '').split(',').map((a) => a.trim()).filter(Boolean)
  const rows = await db.kysely
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .leftJoin('areas as ua', 'ua.id', 'u.area_id')
    .select(['l.seq', 'l.at', 'l.user_id', 'l.action', 'l.entity', 'l.entity_id', 'l.detail', 'u.name as user_name', 'u.role as user_role', 'ua.name as area_name'])
    .where((eb) => {
      // areas has no grid_id: a grid is matched by its own id.
      const column = area.level === 'grid' ? 'ua.id' : (`ua.${levelColumn(area.level)}` as 'ua.village_id')
      const within = eb.or([eb('ua.id', '=', area.id), eb(column, '=', area.id)])
      return area.level === 'county' ? eb.or([within, eb('l.user_id', 'is', null)]) : within
    })
    .$if(query.who !== undefined, (q) => q.where((eb) => eb.or([eb('u.id', '=', query.who!), eb('u.name', 'like', `%${query.who!.replace(/[\\%_]/g, '_')}%`)])))
    .$if(actions.length > 0, (q) =>
      q.where((eb) =>
        eb.or(actions.map((a) => (a.endsWith('*') ? sql<SqlBool>`l.action like ${prefixPattern(a.slice(0, -1))} escape '\\'` : eb('l.action', '=', a)))),
      ),
    )
    .$if(query.from !== undefined, (q) => q.where('l.at', '>=', chinaDateStart(query.from!)))
    .$if(query.to !== undefined, (q) => q.where('l.at', '<', chinaDateStart(query.to!) + DAY_MS))
    .$if(query.before !== undefined, (q) => q.where('l.seq', '<', Number(query.before)))
    .orderBy('l.seq', 'desc')
    .limit(query.limit + 1)
    .execute()
  const page = rows.slice(0, query.limit)
  return {
    area: { id: area.id, name: area.name, level: area.level },
    entries: page.map((r) => ({
      seq: String(r.seq),
      at: new Date(Number(r.at)).toISOString(),
      userId: r.user_id,
      userName: r.user_name ?? '',
      userRole: r.user_role ?? null,
      userAreaName: r.area_name ?? null,
      action: r.action,
      actionLabel: auditActionLabel(r.action),
      entity: r.entity,
      entityId: r.entity_id,
      summary: summariseAuditDetail(r.detail),
    })),
    next: rows.length > query.limit ? String(page[page.length - 1].seq) : null,
  }
}
