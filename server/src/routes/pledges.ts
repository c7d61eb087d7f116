// Signed pledges of an area, one pledge, and its village copy as a PDF.
import type { FastifyPluginAsync } from 'fastify'
import { API, MIME } from '@core/api'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { areaInScope } from '../services/areas'
import { exportPledgePdf, getPledge, listPledges } from '../services/pledges'
import { recordAudit } from '../services/audit'
import { auditListRead } from '../services/read-audit'

export const pledgeRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number }> = async (app, { db, blobs, now }) => {
  route(app, API.pledges, async ({ user, query }) => {
    const area = await areaInScope(db, user, query.areaId)
    const list = await listPledges(db, area, query.limit, query.offset)
    await auditListRead(db, user, 'pledge.list', area.id, { count: list.items.length, total: list.total, offset: query.offset }, now())
    return list
  })
  route(app, API.pledge, async ({ user, params }) => {
    const pledge = await getPledge(db, user, params.recordId)
    await recordAudit(db.kysely, { at: now(), userId: user.id, action: 'pledge.view', entity: 'pledge', entityId: params.recordId })
    return pledge
  })
  route(app, API.pledgePdf, async ({ user, params }) => {
    const { pdf, detail } = await exportPledgePdf({ db, blobs }, user, params.recordId, now())
    const fileName = { utf8: `承诺书-${detail.doorplate}-${detail.verificationCode}.pdf`, ascii: `pledge-${detail.verificationCode}.pdf` }
    return { body: pdf, mime: MIME.pdf, fileName }
  })
}
