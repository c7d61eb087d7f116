// The weekly trend (趋势) of a village, town or county for the dashboards' chart.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { TrendQuerySchema, TrendResponseSchema } from '@core/schemas/trend'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { areaInScope } from '../services/areas'
import { trendOf } from '../services/trend'

export const trendRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)

  api.get(
    '/trend',
    {
      schema: {
        tags: ['coverage'],
        summary: '某区域按周的入户率、承诺书签署率、APP安装率（16–60周岁）与走访次数，末尾为本周实时',
        security: [{ bearer: [] }],
        querystring: TrendQuerySchema,
        response: { 200: TrendResponseSchema },
      },
    },
    async (req) => {
      const area = await areaInScope(db, currentUser(req), req.query.areaId)
      return trendOf(db, area, req.query.weeks, now())
    },
  )
}
