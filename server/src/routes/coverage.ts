// Coverage routes for village heads and town officials (and a worker's own grid).
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { CoverageQuerySchema, CoverageResponseSchema, UnvisitedQuerySchema, UnvisitedResponseSchema } from '@core/schemas/coverage'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { areaInScope } from '../services/areas'
import { coverageOf, unvisitedIn } from '../services/coverage'

export const coverageRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)

  api.get(
    '/coverage',
    {
      schema: {
        tags: ['coverage'],
        summary: '某区域及其下级区域的走访覆盖情况（默认本人区域）',
        security: [{ bearer: [] }],
        querystring: CoverageQuerySchema,
        response: { 200: CoverageResponseSchema },
      },
    },
    async (req) => coverageOf(db, await areaInScope(db, currentUser(req), req.query.areaId), now()),
  )

  api.get(
    '/coverage/unvisited',
    {
      schema: {
        tags: ['coverage'],
        summary: '从未走访到的户（不在家不算已走访）',
        security: [{ bearer: [] }],
        querystring: UnvisitedQuerySchema,
        response: { 200: UnvisitedResponseSchema },
      },
    },
    async (req) => {
      const area = await areaInScope(db, currentUser(req), req.query.areaId)
      return unvisitedIn(db, area, req.query.limit, req.query.offset)
    },
  )
}
