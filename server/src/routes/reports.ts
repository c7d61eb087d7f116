// The monthly activity report (每月报送): the draft to review and edit, and the edited report as .docx.
import type { FastifyPluginAsync } from 'fastify'
import { API, MIME } from '@core/api'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { monthlyDraft, monthlyReportFile } from '../services/monthly-report'

export const reportRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number; spotCheckPct: number }> = async (app, { db, blobs, now, spotCheckPct }) => {
  route(app, API.monthlyReport, async ({ user, query }) => monthlyDraft(db, user, query.areaId, query.month, now(), spotCheckPct))
  route(app, API.monthlyReportDocx, async ({ user, body }) => {
    const file = await monthlyReportFile({ db, blobs, spotCheckPct }, user, body, now())
    return { body: file.bytes, mime: MIME.docx, fileName: file.fileName }
  })
}
