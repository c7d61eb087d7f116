// Sign-in routes: demo/administrator login codes and WeChat login; /me for the current user.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
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
  async function signIn(user: UserContext, method: string) {
    const at = now()
    const session = await createSession(db, user.id, at, sessionDays)
    await recordAudit(db.kysely, { at, userId: user.id, action: 'login', entity: 'user', entityId: user.id, detail: { method } })
    return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), user }
  }

  route(app, API.login, async ({ body }) => {
    const user = await findUserByLoginCode(db, body.code)
    if (!user) throw new AppError('LOGIN_CODE_INVALID')
    return signIn(user, 'code')
  })

  route(app, API.wechatLogin, async ({ body }) => {
    const { openid } = await wechat.code2Session(body.code)
    let user = await findUserByOpenid(db, openid)
    if (!user && !body.bindCode) throw new AppError('WECHAT_NOT_BOUND')
    if (!user) user = await bindOpenid(db, body.bindCode!, openid, now())
    if (!user) throw new AppError('BIND_CODE_INVALID')
    return signIn(user, 'wechat')
  })

  route(app, API.me, async ({ user }) => user)
}
