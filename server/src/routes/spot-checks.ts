// 电话抽查: the 核查员's weekly draw, items, phone reveal and outcomes (truth/spot-checks.ts).
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { drawSpotCheck, recordSpotCheckOutcome, revealSpotCheckPhone, spotCheckOfWeek, type SpotCheckSettings } from '../truth/spot-checks'

export const spotCheckRoutes: FastifyPluginAsync<{ db: Db; now: () => number; settings: SpotCheckSettings }> = async (app, { db, now, settings }) => {
  route(app, API.drawSpotCheck, async ({ user, body }) => drawSpotCheck(db, user, body, now(), settings))
  route(app, API.spotCheck, async ({ user, query }) => spotCheckOfWeek(db, user, query, now(), settings))
  route(app, API.spotCheckPhone, async ({ user, params }) => revealSpotCheckPhone(db, user, params.id, now()))
  route(app, API.spotCheckOutcome, async ({ user, params, body }) => recordSpotCheckOutcome(db, user, params.id, body, now()))
}
