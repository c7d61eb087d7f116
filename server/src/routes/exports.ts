// Export routes: the weekly install roster as .xlsx and its screenshots as .zip, both streamed into the response.
import { PassThrough } from 'node:stream'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { currentUser } from '../auth/plugin'
import { areaInScope } from '../services/areas'
import { contentDisposition, rosterFileName, rosterPeriod, writeRosterXlsx, writeRosterZip, type RosterRequest } from '../services/roster'

const RosterQuerySchema = z.object({
  areaId: z.string().min(1).max(64).optional(),
  week: z.iso.date().optional().describe('本周内任一日期（YYYY-MM-DD，北京时间）；默认上周（周一至周日）'),
  scope: z.enum(['week', 'all']).default('week').describe('week：该周内有步骤日期的居民；all：全部 16–60 岁居民及当前进度'),
})

const FileSchema = z.custom<PassThrough>().meta({ type: 'string', format: 'binary' })

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const exportRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number }> = async (app, { db, blobs, now }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)

  /**
   * Checks the scope before the first byte, so a refusal is a plain JSON 403; after that the body streams, and a
   * failure part-way can only cut the download short (logged, and the client sees an incomplete file).
   */
  async function stream(req: FastifyRequest, query: z.infer<typeof RosterQuerySchema>, reply: FastifyReply, kind: 'xlsx' | 'zip') {
    const user = currentUser(req)
    const area = await areaInScope(db, user, query.areaId)
    const at = now()
    const roster: RosterRequest = { area, period: rosterPeriod(query.week, at), scope: query.scope, user, now: at }
    const body = new PassThrough()
    const write = kind === 'xlsx' ? writeRosterXlsx(db, roster, body) : writeRosterZip(db, blobs, roster, body)
    write.catch((err) => {
      req.log.error(err, 'roster export failed')
      body.destroy(err as Error)
    })
    return reply
      .header('content-type', kind === 'xlsx' ? XLSX_TYPE : 'application/zip')
      .header('content-disposition', contentDisposition(rosterFileName(roster, kind)))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(body)
  }

  api.get(
    '/exports/roster.xlsx',
    {
      // Already a zip inside: gzip would spend CPU for nothing.
      compress: false,
      schema: {
        tags: ['exports'],
        summary: '导出国家反诈中心APP推广安装注册花名册（.xlsx，流式；限本人范围，记入操作日志）',
        security: [{ bearer: [] }],
        querystring: RosterQuerySchema,
        produces: [XLSX_TYPE],
        response: { 200: FileSchema },
      },
    },
    (req, reply) => stream(req, req.query, reply, 'xlsx'),
  )

  api.get(
    '/exports/roster-screenshots.zip',
    {
      compress: false,
      schema: {
        tags: ['exports'],
        summary: '导出花名册对应的安装截图（.zip，文件名与花名册一致；未上传的列入 缺失截图.txt）',
        security: [{ bearer: [] }],
        querystring: RosterQuerySchema,
        produces: ['application/zip'],
        response: { 200: FileSchema },
      },
    },
    (req, reply) => stream(req, req.query, reply, 'zip'),
  )
}
