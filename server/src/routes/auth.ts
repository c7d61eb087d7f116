// Sign-in routes: demo/administrator login codes and WeChat login; /me for the current user.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { LoginCodeRequestSchema, LoginResponseSchema, MeSchema, WechatLoginRequestSchema } from '@core/schemas/auth'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { currentUser } from '../auth/plugin'
import type { UserContext } from '../auth/user-context'
import { bindOpenid, createSession, findUserByLoginCode, findUserByOpenid } from '../services/users'
import { recordAudit } from '../services/audit'
import type { WechatClient } from '../wechat/code2session'

interface AuthRouteDeps {
  db: Db
  now: () => number
  wechat: WechatClient
  sessionDays: number
}

export const authRoutes: FastifyPluginAsync<AuthRouteDeps> = async (app, { db, now, wechat, sessionDays }) => {
  const api = app.withTypeProvider<ZodTypeProvider>()

  async function signIn(user: UserContext, method: string) {
    const at = now()
    const session = await createSession(db, user.id, at, sessionDays)
    await recordAudit(db.kysely, { at, userId: user.id, action: 'login', entity: 'user', entityId: user.id, detail: { method } })
    return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), user }
  }

  api.post(
    '/auth/login',
    { schema: { tags: ['auth'], body: LoginCodeRequestSchema, response: { 200: LoginResponseSchema } } },
    async (req) => {
      const user = await findUserByLoginCode(db, req.body.code)
      if (!user) throw new AppError('LOGIN_CODE_INVALID')
      return signIn(user, 'code')
    },
  )

  api.post(
    '/auth/wechat',
    { schema: { tags: ['auth'], body: WechatLoginRequestSchema, response: { 200: LoginResponseSchema } } },
    async (req) => {
      const { openid } = await wechat.code2Session(req.body.code)
      let user = await findUserByOpenid(db, openid)
      if (!user && !req.body.bindCode) throw new AppError('WECHAT_NOT_BOUND')
      if (!user) user = await bindOpenid(db, req.body.bindCode!, openid, now())
      if (!user) throw new AppError('BIND_CODE_INVALID')
      return signIn(user, 'wechat')
    },
  )

  api.get(
    '/me',
    { onRequest: app.authenticate, schema: { tags: ['auth'], security: [{ bearer: [] }], response: { 200: MeSchema } } },
    async (req) => currentUser(req),
  )
}
