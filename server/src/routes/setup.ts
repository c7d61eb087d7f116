// First-run setup of a real deployment; no sign-in, the printed one-time setup code is the credential.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { completeSetup, setupNeeded } from '../services/setup'
import { createSession } from '../services/users'

export const setupRoutes: FastifyPluginAsync<{ db: Db; now: () => number; sessionDays: number }> = async (app, { db, now, sessionDays }) => {
  route(app, API.setupStatus, async () => ({ needed: await setupNeeded(db) }))

  // A 158-bit code that works once and for a day is past guessing; no lockout needed.
  route(app, API.setup, async ({ body }) => {
    const at = now()
    const { user, loginCode } = await completeSetup(db, body, at)
    const session = await createSession(db, user.id, at, sessionDays)
    return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), user, loginCode }
  })
}
