// 逐案倒查: fraud cases, their back-check and the share of victims reached before their case.
import type { FastifyPluginAsync } from 'fastify'
import { createFraudCase, fraudCaseBackCheck, fraudCaseReach, fraudCases, fraudVictimSearch } from '@core/api/endpoints/fraud-cases'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { backCheck, caseReach, createCase, listCases, searchVictims } from '../truth/fraud-cases'

export const fraudCaseRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  route(app, fraudVictimSearch, async ({ user, query }) => searchVictims(db, user, query, now()))
  route(app, createFraudCase, async ({ user, body }) => createCase(db, user, body, now()))
  route(app, fraudCases, async ({ user, query }) => listCases(db, user, query))
  route(app, fraudCaseReach, async ({ user, query }) => caseReach(db, user, query))
  route(app, fraudCaseBackCheck, async ({ user, params }) => backCheck(db, user, params.id, now()))
}
