// 本周走访情况: per-worker activity this week for a village, town or county; behind sign-in, officials only.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { ActivityQuerySchema, ActivityResponseSchema } from '@core/schemas/activity'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { weeklyActivity } from '../services/activity'

export const activityRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)

  api.get(
    '/activity',
    {
      schema: {
        tags: ['coverage'],
        summary: '本周（周一0时起，北京时间）各网格员的走访、承诺书、APP安装、资料发放条数，无记录的也列出',
        security: [{ bearer: [] }],
        querystring: ActivityQuerySchema,
        response: { 200: ActivityResponseSchema },
      },
    },
    async (req) => weeklyActivity(db, currentUser(req), req.query.areaId, now()),
  )
}
