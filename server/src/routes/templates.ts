// Pledge template and materials routes: the current template, publishing a new version, the catalogue.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { PledgeTemplateSchema } from '@core/schemas/pledge'
import { MaterialsResponseSchema, TemplateCreateRequestSchema } from '@core/schemas/pledge-api'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { AppError } from '../http/app-error'
import { currentTemplate, materialsFor, publishTemplate } from '../services/templates'

export const templateRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)

  api.get(
    '/pledge-templates/current',
    {
      schema: {
        tags: ['pledges'],
        summary: '本人所在镇当前使用的承诺书版本（镇未设置时用县的）',
        security: [{ bearer: [] }],
        response: { 200: PledgeTemplateSchema },
      },
    },
    async (req) => {
      const template = await currentTemplate(db, currentUser(req))
      if (!template) throw new AppError('NOT_FOUND', '尚未设置承诺书模板')
      return template
    },
  )

  api.post(
    '/pledge-templates',
    {
      schema: {
        tags: ['pledges'],
        summary: '发布承诺书新版本（镇工作人员为本镇，县级管理员为全县）；内容与当前版本相同则不新增',
        security: [{ bearer: [] }],
        body: TemplateCreateRequestSchema,
        response: { 200: PledgeTemplateSchema, 201: PledgeTemplateSchema },
      },
    },
    async (req, reply) => {
      const { template, created } = await publishTemplate(db, currentUser(req), req.body, now())
      return reply.code(created ? 201 : 200).send(template)
    },
  )

  api.get(
    '/materials',
    {
      schema: {
        tags: ['pledges'],
        summary: '宣传资料目录（needsReceipt 表示需要领取人签字回执）',
        security: [{ bearer: [] }],
        response: { 200: MaterialsResponseSchema },
      },
    },
    async (req) => ({ materials: await materialsFor(db, currentUser(req)) }),
  )
}
