// Coverage of an area and its children, never-visited households, the weekly trend and this week's activity.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { areaInScope } from '../services/areas'
import { coverageOf, unvisitedIn } from '../services/coverage'
import { trendOf } from '../services/trend'
import { weeklyActivity, type WorkerNames } from '../services/activity'

export const coverageRoutes: FastifyPluginAsync<{ db: Db; now: () => number; workerNames?: WorkerNames }> = async (app, { db, now, workerNames }) => {
  route(app, API.coverage, async ({ user, query }) => coverageOf(db, await areaInScope(db, user, query.areaId), now()))
  route(app, API.unvisited, async ({ user, query }) =>
    unvisitedIn(db, await areaInScope(db, user, query.areaId), query.limit, query.offset),
  )
  route(app, API.trend, async ({ user, query }) => trendOf(db, await areaInScope(db, user, query.areaId), query.weeks, now()))
  route(app, API.activity, async ({ user, query }) => weeklyActivity(db, user, query.areaId, now(), workerNames))
}
