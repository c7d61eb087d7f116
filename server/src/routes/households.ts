// Household drill-down for village heads and town officials (and a worker's own grid): a list per area, one household.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import {
  AreaHouseholdsParamsSchema,
  AreaHouseholdsQuerySchema,
  AreaHouseholdsResponseSchema,
  AreaResidentsQuerySchema,
  AreaResidentsResponseSchema,
  HouseholdViewParamsSchema,
  HouseholdViewSchema,
} from '@core/schemas/household-view'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { areaInScope } from '../services/areas'
import { householdView, householdsIn } from '../services/households-view'
import { installGapResidents } from '../services/gap-residents'

export const householdRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)

  api.get(
    '/areas/:areaId/households',
    {
      schema: {
        tags: ['households'],
        summary: '某网格（或村、镇）的住户清单：走访、承诺书、APP安装情况，需关注的在前；stale 为超过 days 天未再走访',
        security: [{ bearer: [] }],
        params: AreaHouseholdsParamsSchema,
        querystring: AreaHouseholdsQuerySchema,
        response: { 200: AreaHouseholdsResponseSchema },
      },
    },
    async (req) => {
      const area = await areaInScope(db, currentUser(req), req.params.areaId)
      return householdsIn(db, area, req.query, now())
    },
  )

  api.get(
    '/areas/:areaId/residents',
    {
      schema: {
        tags: ['households'],
        summary: '某网格（或村、镇）16–60 周岁未装全 APP 的居民（姓名脱敏），逐网格分页',
        security: [{ bearer: [] }],
        params: AreaHouseholdsParamsSchema,
        querystring: AreaResidentsQuerySchema,
        response: { 200: AreaResidentsResponseSchema },
      },
    },
    async (req) => {
      const area = await areaInScope(db, currentUser(req), req.params.areaId)
      return installGapResidents(db, area, req.query, now())
    },
  )

  api.get(
    '/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: '一户的详情：家庭成员（电话脱敏）、安装截图、承诺书、资料发放、走访记录',
        security: [{ bearer: [] }],
        params: HouseholdViewParamsSchema,
        response: { 200: HouseholdViewSchema },
      },
    },
    async (req) => householdView(db, currentUser(req), req.params.id, now()),
  )
}
