// The review queue of an area, one record's review, and the decisions officials take on records and conflicts.
import type { FastifyPluginAsync } from 'fastify'
import { decideConflict, decideRecord, recordReview, reviewCounts, reviewQueue, undoDecision } from '@core/api/endpoints/review'
import { syncConflictStatus } from '@core/api/endpoints/sync'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { conflictStatusOf, decideConflict as decideConflictVersion } from '../truth/conflict-decisions'
import { decideRecord as decideRecordState, recordReviewOf, reviewCountsOf, reviewQueueOf, undoDecision as undoRecordDecision } from '../truth/review-queue'

export const reviewRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  route(app, reviewQueue, async ({ user, query }) => reviewQueueOf(db, user, query, now()))
  route(app, reviewCounts, async ({ user, query }) => reviewCountsOf(db, user, query.areaId))
  route(app, recordReview, async ({ user, params }) => recordReviewOf(db, user, params.id, now()))
  route(app, decideRecord, async ({ user, params, body }) => decideRecordState(db, user, params.id, body, now()))
  route(app, undoDecision, async ({ user, params, body }) => undoRecordDecision(db, user, params.id, body.comment, now()))
  route(app, decideConflict, async ({ user, params, body }) => decideConflictVersion(db, user, params.id, body, now()))
  route(app, syncConflictStatus, async ({ user, body }) => conflictStatusOf(db, user, body.ids))
}
