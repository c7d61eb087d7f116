// Campaign plan, targets (with overrides) and stored weekly rankings; all behind sign-in.
import type { FastifyPluginAsync } from 'fastify'
import { API, MIME } from '@core/api'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { createCampaign, currentCampaign, restoreTarget, setProofPolicy, setTarget, targetsStatus, updateCampaign } from '../services/targets'
import { storedRanking } from '../services/rankings'
import { rankingXlsx } from '../services/ranking-export'

export const campaignRoutes: FastifyPluginAsync<{ db: Db; now: () => number; spotCheckPct: number }> = async (app, { db, now, spotCheckPct }) => {
  route(app, API.currentCampaign, async ({ user, query }) => currentCampaign(db, user, query.areaId, now()))
  route(app, API.createCampaign, async ({ user, body }) => createCampaign(db, user, body, now()))
  route(app, API.updateCampaign, async ({ user, body }) => updateCampaign(db, user, body, now()))
  route(app, API.setProofPolicy, async ({ user, body }) => setProofPolicy(db, user, body, now()))
  route(app, API.setTarget, async ({ user, body }) => setTarget(db, user, body, now()))
  route(app, API.restoreTarget, async ({ user, query }) => restoreTarget(db, user, query, now()))
  route(app, API.targetsStatus, async ({ user, query }) => targetsStatus(db, user, query.areaId, now()))
  route(app, API.ranking, async ({ user, query }) => storedRanking(db, user, query.areaId, query.week, spotCheckPct))
  route(app, API.rankingXlsx, async ({ user, query }) => {
    const file = await rankingXlsx(db, user, query.areaId, query.week, now())
    return { body: file.bytes, mime: MIME.xlsx, fileName: file.fileName }
  })
}
