// Pledge archive routes: the list for an area, one pledge, and the village's printable copy (PDF).
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { PledgeDetailSchema, PledgeListQuerySchema, PledgeListResponseSchema, PledgeParamsSchema } from '@core/schemas/pledge-api'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { areaInScope } from '../services/areas'
import { exportPledgePdf, getPledge, listPledges } from '../services/pledges'

const PdfSchema = z.instanceof(Buffer).meta({ type: 'string', format: 'binary' })

export const pledgeRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number }> = async (app, { db, blobs, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)

  api.get(
    '/pledges',
    {
      schema: {
        tags: ['pledges'],
        summary: '某区域已签署的承诺书（默认本人区域，最新在前；重复签署标出但不计数）',
        security: [{ bearer: [] }],
        querystring: PledgeListQuerySchema,
        response: { 200: PledgeListResponseSchema },
      },
    },
    async (req) => {
      const area = await areaInScope(db, currentUser(req), req.query.areaId)
      return listPledges(db, area, req.query.limit, req.query.offset)
    },
  )

  api.get(
    '/pledges/:recordId',
    {
      schema: {
        tags: ['pledges'],
        summary: '一份承诺书：所签版本的原文、签署人、核验码',
        security: [{ bearer: [] }],
        params: PledgeParamsSchema,
        response: { 200: PledgeDetailSchema },
      },
    },
    async (req) => getPledge(db, currentUser(req), req.params.recordId),
  )

  api.get(
    '/pledges/:recordId/pdf',
    {
      schema: {
        tags: ['pledges'],
        summary: '下载承诺书村(居)留存联（A4 PDF，可打印）',
        security: [{ bearer: [] }],
        params: PledgeParamsSchema,
        response: { 200: PdfSchema },
      },
    },
    async (req, reply) => {
      const { pdf, detail } = await exportPledgePdf({ db, blobs }, currentUser(req), req.params.recordId, now())
      const name = `承诺书-${detail.doorplate}-${detail.verificationCode}.pdf`
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="pledge-${detail.verificationCode}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'no-store')
        .send(pdf)
    },
  )
}
