// Signed pledges of an area, one pledge, and its village copy as a PDF.
import type { FastifyPluginAsync } from 'fastify'
import { API, MIME } from '@core/api'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { areaInScope } from '../services/areas'
import { exportPledgePdf, getPledge, listPledges } from '../services/pledges'

export const pledgeRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number }> = async (app, { db, blobs, now }) => {
  route(app, API.pledges, async ({ user, query }) => listPledges(db, await areaInScope(db, user, query.areaId), query.limit, query.offset))
  route(app, API.pledge, async ({ user, params }) => getPledge(db, user, params.recordId))
  route(app, API.pledgePdf, async ({ user, params }) => {
    const { pdf, detail } = await exportPledgePdf({ db, blobs }, user, params.recordId, now())
    const fileName = { utf8: `承诺书-${detail.doorplate}-${detail.verificationCode}.pdf`, ascii: `pledge-${detail.verificationCode}.pdf` }
    return { body: pdf, mime: MIME.pdf, fileName }
  })
}
