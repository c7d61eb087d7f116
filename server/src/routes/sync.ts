// Sync: a batch of records up (a result per record, safe to resend), changed households and residents down.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import { MAX_PUSH_BATCH } from '@core/schemas/sync'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
import { ingestRecords } from '../services/ingest'
import { pullChanges } from '../services/pull'
import { checkRecordScreenshots, type ScreenshotCheckDeps } from '../truth/screenshot-check'
import type { FlagSettings } from '../truth/rules'

export const syncRoutes: FastifyPluginAsync<ScreenshotCheckDeps & { flagSettings: FlagSettings }> = async (app, deps) => {
  const { db, now, flagSettings } = deps
  route(app, API.syncPush, async ({ user, body, req }) => {
    if (body.records.length > MAX_PUSH_BATCH) throw new AppError('BATCH_TOO_LARGE')
    const at = now()
    const results = await ingestRecords(db, user, body.records, at, flagSettings)
    // The records are stored whatever the screenshot check finds or fails at: it only ever adds flags.
    const stored = results.flatMap((r) => (r.status === 'stored' ? [r.id] : []))
    await checkRecordScreenshots(deps, stored).catch((err: Error) => req.log.warn({ err }, 'screenshot check failed'))
    return { results, serverTime: new Date(at).toISOString() }
  })
  route(app, API.syncPull, async ({ user, query }) => pullChanges(db, user, Number(query.cursor), query.limit, now()))
}
