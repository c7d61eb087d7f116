// Export routes: the weekly install roster as .xlsx and its screenshots as .zip, both streamed into the response.
import { PassThrough } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsync } from 'fastify'
import { API, MIME } from '@core/api'
import type { RosterQuery } from '@core/schemas/roster'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import type { UserContext } from '../auth/user-context'
import type { FileReply } from '../http/file-reply'
import { route } from '../http/route'
import { areaInScope } from '../services/areas'
import { rosterFileName, rosterPeriod, writeRosterXlsx, writeRosterZip, type RosterRequest } from '../services/roster'

export const exportRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number }> = async (app, { db, blobs, now }) => {
  /**
   * Checks the scope before the first byte, so a refusal is a plain JSON 403; after that the body streams, and a
   * failure part-way can only cut the download short (logged, and the client sees an incomplete file).
   */
  async function stream(req: FastifyRequest, user: UserContext, query: RosterQuery, kind: 'xlsx' | 'zip'): Promise<FileReply> {
    const area = await areaInScope(db, user, query.areaId)
    const at = now()
    const roster: RosterRequest = { area, period: rosterPeriod(query.week, at), scope: query.scope, user, now: at }
    const body = new PassThrough()
    const write = kind === 'xlsx' ? writeRosterXlsx(db, roster, body) : writeRosterZip(db, blobs, roster, body)
    write.catch((err) => {
      req.log.error(err, 'roster export failed')
      body.destroy(err as Error)
    })
    return { body, mime: MIME[kind], fileName: rosterFileName(roster, kind) }
  }

  route(app, API.rosterXlsx, ({ req, user, query }) => stream(req, user, query, 'xlsx'))
  route(app, API.rosterScreenshotsZip, ({ req, user, query }) => stream(req, user, query, 'zip'))
}
