// Campaign plan, targets (with overrides) and stored weekly rankings; all behind sign-in.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  AreaQuerySchema,
  CampaignInputSchema,
  CampaignResponseSchema,
  NewCampaignInputSchema,
  RankingQuerySchema,
  RankingResponseSchema,
  TargetInputSchema,
  TargetKeySchema,
  TargetStatusResponseSchema,
} from '@core/schemas/targets'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { createCampaign, currentCampaign, restoreTarget, setTarget, targetsStatus, updateCampaign } from '../services/targets'
import { storedRanking } from '../services/rankings'
import { rankingXlsx } from '../services/ranking-export'
import { contentDisposition } from '../services/roster'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const FileSchema = z.custom<Buffer>().meta({ type: 'string', format: 'binary' })

export const campaignRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)
  const security = [{ bearer: [] }]

  api.get(
    '/campaigns/current',
    {
      schema: {
        tags: ['campaigns'],
        summary: '当前宣传行动：阶段与本区域适用的目标（含上级下达和本级调整）',
        security,
        querystring: AreaQuerySchema,
        response: { 200: CampaignResponseSchema },
      },
    },
    async (req) => currentCampaign(db, currentUser(req), req.query.areaId, now()),
  )

  api.post(
    '/campaigns',
    {
      schema: {
        tags: ['campaigns'],
        summary: '新建本镇或本县的宣传行动：名称、阶段与本级目标（与本区域已有行动的日期不能重叠；记入操作日志）',
        security,
        body: NewCampaignInputSchema,
        response: { 201: CampaignResponseSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign(db, currentUser(req), req.body, now())),
  )

  api.put(
    '/campaigns/current',
    {
      schema: {
        tags: ['campaigns'],
        summary: '修改当前宣传行动的名称与阶段（仅设立该行动的镇或县；阶段按时间先后、不重叠，最多6个；记入操作日志）',
        security,
        body: CampaignInputSchema,
        response: { 200: CampaignResponseSchema },
      },
    },
    async (req) => updateCampaign(db, currentUser(req), req.body, now()),
  )

  api.put(
    '/targets',
    {
      schema: {
        tags: ['campaigns'],
        summary: '设定或调整某区域的目标（镇：本镇及所辖村；县：全县）',
        security,
        body: TargetInputSchema,
        response: { 200: CampaignResponseSchema },
      },
    },
    async (req) => setTarget(db, currentUser(req), req.body, now()),
  )

  api.delete(
    '/targets',
    {
      schema: {
        tags: ['campaigns'],
        summary: '恢复继承：删除某区域单独设定的一项目标，重新采用上级目标（记入操作日志）',
        security,
        querystring: TargetKeySchema,
        response: { 200: CampaignResponseSchema },
      },
    },
    async (req) => restoreTarget(db, currentUser(req), req.query, now()),
  )

  api.get(
    '/targets/status',
    {
      schema: {
        tags: ['campaigns'],
        summary: '各项指标对照目标与期限：已达标 / 进度正常 / 落后，还差多少户或人',
        security,
        querystring: AreaQuerySchema,
        response: { 200: TargetStatusResponseSchema },
      },
    },
    async (req) => targetsStatus(db, currentUser(req), req.query.areaId, now()),
  )

  api.get(
    '/rankings',
    {
      schema: {
        tags: ['campaigns'],
        summary: '每周排名通报（镇：各村；县：各镇），默认最近一周',
        security,
        querystring: RankingQuerySchema,
        response: { 200: RankingResponseSchema },
      },
    },
    async (req) => storedRanking(db, currentUser(req), req.query.areaId, req.query.week),
  )

  api.get(
    '/rankings.xlsx',
    {
      compress: false,
      schema: {
        tags: ['campaigns'],
        summary: '排名通报导出为 .xlsx（A4 横向打印，后两名红色底纹；范围同 /rankings，记入操作日志）',
        security,
        querystring: RankingQuerySchema,
        produces: [XLSX_TYPE],
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const file = await rankingXlsx(db, currentUser(req), req.query.areaId, req.query.week, now())
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes)
    },
  )
}
