// Sync: a batch of records up (a result per record, safe to resend), changed households and residents down.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import { MAX_PUSH_BATCH } from '@core/schemas/sync'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
import { ingestRecords } from '../services/ingest'
import { pullChanges } from '../services/pull'
import { auditPull } from '../services/read-audit'
import type { Db } from '../db/database'
import { installShas } from '../truth/screenshot-check'
import type { ScreenshotQueue } from '../truth/screenshot-queue'
import type { FlagSettings } from '../truth/rules'

export const syncRoutes: FastifyPluginAsync<{ db: Db; now: () => number; flagSettings: FlagSettings; screenshots: ScreenshotQueue }> = async (
  app,
  { db, now, flagSettings, screenshots },
) => {
  route(app, API.syncPush, async ({ user, body }) => {
    if (body.records.length > MAX_PUSH_BATCH) throw new AppError('BATCH_TOO_LARGE')
    const at = now()
    const results = await ingestRecords(db, user, body.records, at, flagSettings)
    // Only a stored install can bring a screenshot to compare: a push of visits asks the database nothing more.
    const installs = results.flatMap((r, i) => (r.status === 'stored' && (body.records[i] as { kind?: unknown })?.kind === 'install' ? [r.id] : []))
    screenshots.add(await installShas(db, installs))
    return { results, serverTime: new Date(at).toISOString() }
  })
  route(app, API.syncPull, async ({ user, query }) => {
    const at = now()
    const page = await pullChanges(db, user, Number(query.cursor), query.limit, at)
    const counts = { households: page.households.length, residents: page.residents.length }
    await auditPull(db, user, { cursor: Number(query.cursor), nextCursor: page.cursor, ...counts, fullPhones: user.role === 'worker' }, at)
    return page
  })
}
