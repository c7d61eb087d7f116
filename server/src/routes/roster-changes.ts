// The roster changes the field recorded in an area, for its officials.
import type { FastifyPluginAsync } from 'fastify'
import { rosterChanges } from '@core/api/endpoints/roster-changes'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { rosterChangesIn } from '../services/roster-changes'

export const rosterChangeRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  route(app, rosterChanges, async ({ user, query }) => rosterChangesIn(db, user, query))
}
