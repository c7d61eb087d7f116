// Bearer-token authentication: resolves the session to a UserContext on request.user.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { findSessionUser } from '../services/users'
import type { UserContext } from './user-context'

declare module 'fastify' {
  interface FastifyRequest {
    user: UserContext | null
  }
}

export interface AuthDeps {
  db: Db
  now: () => number
}

export function registerAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('user', null)
  app.decorate('authenticate', async (req: FastifyRequest) => {
    const token = bearerToken(req)
    if (!token) throw new AppError('UNAUTHENTICATED')
    const user = await findSessionUser(deps.db, token, deps.now())
    if (!user) throw new AppError('UNAUTHENTICATED')
    req.user = user
  })
}

/** The token of `Authorization: Bearer …`, or '' without one. */
export function bearerToken(req: FastifyRequest): string {
  const header = req.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : ''
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (req: FastifyRequest) => Promise<void>
  }
}

/** The signed-in user; routes behind `authenticate` always have one. */
export function currentUser(req: FastifyRequest): UserContext {
  if (!req.user) throw new AppError('UNAUTHENTICATED')
  return req.user
}
