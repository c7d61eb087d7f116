// Import routes: templates, the upload (streamed to disk, area checked before a byte is read), the job, its rows,
// its report and the apply. The passes themselves run in the background (services/imports.ts).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { API, MIME } from '@core/api'
import { IMPORT_KIND_LABEL } from '@core/imports/columns'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
import { isSpooledFile, removeSpool, spoolUpload, type SpooledFile } from '../imports/spool'
import { areaInScope } from '../services/areas'
import { writeImportTemplate } from '../services/import-files'
import {
  IMPORT_MAX_BYTES,
  ImportRunner,
  applyImport,
  importReport,
  importRowsPage,
  importView,
  listImports,
  startImport,
  type ImportDeps,
} from '../services/imports'

/** Types a browser or curl may give an uploaded table (a .csv is application/vnd.ms-excel on Windows). */
const UPLOAD_TYPES = ['application/octet-stream', 'text/csv', MIME.xlsx, 'application/vnd.ms-excel']

export const importRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  const runner = new ImportRunner(app.log)
  const deps: ImportDeps = { db, now, runner, log: app.log }
  app.addHook('onClose', async () => runner.close())

  // The body goes to a temp file as it arrives; the route gets where it is.
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => {
    spoolUpload(payload, IMPORT_MAX_BYTES).then(
      (file) => done(null, file),
      (err: Error) => done(err),
    )
  })
  // An upload the handler never took (a refused query, an error) is not kept.
  const claimed = new WeakSet<SpooledFile>()
  app.addHook('onResponse', async (req) => {
    if (isSpooledFile(req.body) && !claimed.has(req.body)) removeSpool(req.body.path)
  })

  route(app, API.importTemplate, async ({ user, params, query }) => {
    const area = await areaInScope(db, user, query.areaId)
    const body = await writeImportTemplate(db.kysely, params.kind, area)
    const label = IMPORT_KIND_LABEL[params.kind].replace(/（.*）/, '')
    return { body, mime: MIME.xlsx, fileName: { utf8: `${label}导入模板_${area.name}.xlsx`, ascii: `import-template-${params.kind}.xlsx` } }
  })

  route(
    app,
    API.importUpload,
    async ({ user, params, query, body }) => {
      const upload = body as unknown
      if (!isSpooledFile(upload)) throw new AppError('IMPORT_FILE_TYPE')
      const area = await areaInScope(db, user, query.areaId)
      claimed.add(upload)
      return startImport(deps, user, params.kind, area, upload, query.fileName)
    },
    {
      // Refused before the body is read: another area, or a declared length over the limit.
      onRequest: [
        async (req: FastifyRequest) => {
          const q = API.importUpload.query.safeParse(req.query)
          await areaInScope(db, req.user!, q.success ? q.data.areaId : undefined)
          if (Number(req.headers['content-length']) > IMPORT_MAX_BYTES) throw new AppError('IMPORT_FILE_TOO_LARGE')
        },
      ],
    },
  )

  route(app, API.importList, async ({ user, query }) => ({ imports: await listImports(deps, user, query.areaId) }))
  route(app, API.importJob, async ({ user, params }) => importView(deps, user, params.id))
  route(app, API.importRows, async ({ user, params, query }) => importRowsPage(deps, user, params.id, query))
  route(app, API.importReportXlsx, async ({ req, user, params }) => {
    const { body, fileName } = await importReport(deps, user, params.id, req.log)
    return { body, mime: MIME.xlsx, fileName }
  })
  route(app, API.importApply, async ({ user, params }) => applyImport(deps, user, params.id))
}
