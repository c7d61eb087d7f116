// Crash reports from the app (any signed-in role; rate-limited per account in the service).
import type { FastifyPluginAsync } from 'fastify'
import { reportClientError } from '@core/api/endpoints/client-errors'
import type { Db } from '../db/database'
import { route } from '../http/route'
import * as clientErrors from '../services/client-errors'

export const clientErrorRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  route(app, reportClientError, async ({ user, body }) => clientErrors.reportClientError(db, user, body, now()))
}
