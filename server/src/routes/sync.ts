// Sync routes: batched push of field records, cursor pull of the caller's scope.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { MAX_PUSH_BATCH, PullQuerySchema, PullResponseSchema, PushRequestSchema, PushResponseSchema } from '@core/schemas/sync'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { AppError } from '../http/app-error'
import { ingestRecords } from '../services/ingest'
import { pullChanges } from '../services/pull'

export const syncRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)

  api.post(
    '/sync/push',
    {
      schema: {
        tags: ['sync'],
        summary: '批量上传记录，逐条返回结果（可安全重发）',
        security: [{ bearer: [] }],
        body: PushRequestSchema,
        response: { 200: PushResponseSchema },
      },
    },
    async (req) => {
      if (req.body.records.length > MAX_PUSH_BATCH) throw new AppError('BATCH_TOO_LARGE')
      const at = now()
      const results = await ingestRecords(db, currentUser(req), req.body.records, at)
      return { results, serverTime: new Date(at).toISOString() }
    },
  )

  api.get(
    '/sync/pull',
    {
      schema: {
        tags: ['sync'],
        summary: '按游标拉取本人范围内有变化的户和人员',
        security: [{ bearer: [] }],
        querystring: PullQuerySchema,
        response: { 200: PullResponseSchema },
      },
    },
    async (req) => pullChanges(db, currentUser(req), Number(req.query.cursor), req.query.limit, now()),
  )
}
