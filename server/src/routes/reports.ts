// The monthly activity report (每月报送): the draft to review and edit, and the edited report as .docx.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { MonthlyReportDraftSchema, MonthlyReportExportSchema, MonthlyReportQuerySchema } from '@core/schemas/monthly-report'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { monthlyDraft, monthlyReportFile } from '../services/monthly-report'
import { contentDisposition } from '../services/roster'

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const FileSchema = z.custom<Buffer>().meta({ type: 'string', format: 'binary' })

export const reportRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number }> = async (app, { db, blobs, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)
  const security = [{ bearer: [] }]

  api.get(
    '/reports/monthly',
    {
      schema: {
        tags: ['reports'],
        summary: '每月报送草稿：月底数据与上月对比、下级各区域、本月活动照片、默认工作总结（村、镇、县，限本人范围）',
        security,
        querystring: MonthlyReportQuerySchema,
        response: { 200: MonthlyReportDraftSchema },
      },
    },
    async (req) => monthlyDraft(db, currentUser(req), req.query.areaId, req.query.month, now()),
  )

  api.post(
    '/reports/monthly.docx',
    {
      // Already a zip inside.
      compress: false,
      schema: {
        tags: ['reports'],
        summary: '下载每月报送（.docx）：编辑后的工作总结、数据表、所选照片（最多 6 张）；记入操作日志',
        security,
        body: MonthlyReportExportSchema,
        produces: [DOCX_TYPE],
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const file = await monthlyReportFile({ db, blobs }, currentUser(req), req.body, now())
      return reply
        .header('content-type', DOCX_TYPE)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes)
    },
  )
}
