// Household drill-down for village heads and town officials (and a worker's own grid): a list per area, one household.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { areaInScope } from '../services/areas'
import { householdView, householdsIn } from '../services/households-view'
import { installGapResidents } from '../services/gap-residents'
import { auditListRead } from '../services/read-audit'

export const householdRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  route(app, API.areaHouseholds, async ({ user, params, query }) => {
    const list = await householdsIn(db, await areaInScope(db, user, params.areaId), query, now())
    await auditListRead(db, user, 'household.list', params.areaId, { count: list.items.length, total: list.total, offset: query.offset }, now())
    return list
  })
  route(app, API.areaResidents, async ({ user, params, query }) => {
    const list = await installGapResidents(db, await areaInScope(db, user, params.areaId), query, now())
    await auditListRead(db, user, 'resident.list', params.areaId, { count: list.items.length, total: list.total, offset: query.offset }, now())
    return list
  })
  route(app, API.household, async ({ user, params }) => householdView(db, user, params.id, now()))
}
