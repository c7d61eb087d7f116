// 不在名册: what a register import no longer lists but kept for its records, for the area's officials to decide.
import type { FastifyPluginAsync } from 'fastify'
import { decideOffRegister as decideOffRegisterEndpoint, offRegisterList } from '@core/api/endpoints/off-register'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { areaInScope } from '../services/areas'
import { decideOffRegister, offRegisterIn } from '../services/off-register'

export const offRegisterRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  route(app, offRegisterList, async ({ user, query }) => offRegisterIn(db, user, await areaInScope(db, user, query.areaId), query, now()))
  route(app, decideOffRegisterEndpoint, async ({ user, params, body }) => decideOffRegister(db, user, params, body.decision, now()))
}
