// Export routes: the weekly install roster as .xlsx and its screenshots as .zip, the visit register as .xlsx (each
// streamed into the response, in the default columns or the county's layout for the 上级平台), and that layout.
import { PassThrough } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsync } from 'fastify'
import { API, MIME } from '@core/api'
import type { ExportLayout, ExportLayoutKind } from '@core/export-layout'
import type { RosterQuery, VisitRegisterQuery } from '@core/schemas/roster'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import type { UserContext } from '../auth/user-context'
import type { FileReply } from '../http/file-reply'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
import { areaInScope, type Area } from '../services/areas'
import { exportLayouts, layoutOf, setExportLayout } from '../services/export-layouts'
import { rosterFileName, rosterPages, rosterPeriod, writeRosterLayoutXlsx, writeRosterXlsx, writeRosterZip, type RosterPeriod, type RosterRequest } from '../services/roster'
import { visitRegisterFileName, writeVisitRegisterXlsx } from '../services/visit-register'

/** "2026-11-23 至 2026-11-29 没有…": the week named, so the official can pick another. */
function rosterEmptyMessage(period: RosterPeriod): string {
  return `${period.from} 至 ${period.to} 这一周没有居民完成安装、实名或预警步骤，花名册为空，无需导出。可选择其他周`
}

export const exportRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number }> = async (app, { db, blobs, now }) => {
  /** format=county needs the county's layout; without one the request is refused before any byte (404). */
  async function layoutFor(area: Area, format: 'default' | 'county', kind: ExportLayoutKind): Promise<ExportLayout | null> {
    if (format === 'default') return null
    const layout = await layoutOf(db, area.county_id, kind)
    if (!layout) throw new AppError('EXPORT_LAYOUT_NOT_SET')
    return layout
  }

  /** Streams `write` into the reply; a failure part-way can only cut the download short (logged). */
  function streamed(req: FastifyRequest, write: (out: PassThrough) => Promise<unknown>): PassThrough {
    const body = new PassThrough()
    write(body).catch((err) => {
      req.log.error(err, 'export failed')
      body.destroy(err as Error)
    })
    return body
  }

  /**
   * Checks the scope before the first byte, so a refusal is a plain JSON 403; after that the body streams, and a
   * failure part-way can only cut the download short (logged, and the client sees an incomplete file).
   */
  async function stream(req: FastifyRequest, user: UserContext, query: RosterQuery, kind: 'xlsx' | 'zip'): Promise<FileReply> {
    const area = await areaInScope(db, user, query.areaId)
    const layout = kind === 'xlsx' ? await layoutFor(area, query.format, 'roster') : null
    const at = now()
    const roster: RosterRequest = { area, period: rosterPeriod(query.week, at), scope: query.scope, user, now: at }
    // A week with no install steps is said so (404 ROSTER_EMPTY, with the week) instead of an empty file downloaded.
    if (query.scope === 'week' && (await rosterPages(db, roster, 1).next()).done) {
      throw new AppError('ROSTER_EMPTY', rosterEmptyMessage(roster.period), roster.period)
    }
    const body = streamed(req, (out) =>
      kind === 'zip' ? writeRosterZip(db, blobs, roster, out) : layout ? writeRosterLayoutXlsx(db, roster, layout, out) : writeRosterXlsx(db, roster, out),
    )
    return { body, mime: MIME[kind], fileName: rosterFileName(roster, kind) }
  }

  async function visits(req: FastifyRequest, user: UserContext, query: VisitRegisterQuery): Promise<FileReply> {
    const area = await areaInScope(db, user, query.areaId)
    const layout = await layoutFor(area, query.format, 'visits')
    const at = now()
    const register = { area, period: rosterPeriod(query.week, at), user, now: at }
    const body = streamed(req, (out) => writeVisitRegisterXlsx(db, register, layout, out))
    return { body, mime: MIME.xlsx, fileName: visitRegisterFileName(register) }
  }

  route(app, API.rosterXlsx, ({ req, user, query }) => stream(req, user, query, 'xlsx'))
  route(app, API.rosterScreenshotsZip, ({ req, user, query }) => stream(req, user, query, 'zip'))
  route(app, API.visitsXlsx, ({ req, user, query }) => visits(req, user, query))
  route(app, API.exportLayouts, async ({ user }) => exportLayouts(db, user))
  route(app, API.setExportLayout, async ({ user, params, body }) => setExportLayout(db, user, params.kind, body, now()))
}
