// Sign-in routes: login codes and WeChat login (with a one-time binding code the first time), both behind the
// database-held lockout; logout; /me for the current user.
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { API } from '@core/api'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
import type { UserContext } from '../auth/user-context'
import { bindOpenid, createSession, findUserByLoginCode, findUserByOpenid, revokeSession } from '../services/users'
import { lockedError, lockedUntil, recordFailure, throttleKeys } from '../services/login-throttle'
import { issuedCodeHash } from '../auth/codes'
import { bearerToken } from '../auth/plugin'
import { recordAudit } from '../services/audit'
import type { WechatClient } from '../wechat/code2session'

interface AuthRouteDeps {
  db: Db
  now: () => number
  wechat: WechatClient
  sessionDays: number
}

/** A sign-in body holds a code or two: anything bigger is refused before it is read. */
const SIGN_IN_BODY_LIMIT = 16 * 1024

export const authRoutes: FastifyPluginAsync<AuthRouteDeps> = async (app, { db, now, wechat, sessionDays }) => {
  async function signIn(user: UserContext, method: string) {
    const at = now()
    const session = await createSession(db, user.id, at, sessionDays)
    await recordAudit(db.kysely, { at, userId: user.id, action: 'login', entity: 'user', entityId: user.id, detail: { method } })
    return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), user }
  }

  type Keys = ReturnType<typeof throttleKeys>

  function locked(reply: FastifyReply, until: number, at: number): never {
    reply.header('retry-after', String(Math.ceil((until - at) / 1000)))
    throw lockedError(until, at)
  }

  async function refuseWhileLocked(reply: FastifyReply, keys: Keys): Promise<void> {
    const at = now()
    const until = await lockedUntil(db, keys, at)
    if (until !== null) locked(reply, until, at)
  }

  /** A wrong code counts against the code and the client; the failure that locks answers 429 at once. */
  async function failed(reply: FastifyReply, keys: Keys, code: 'LOGIN_CODE_INVALID' | 'BIND_CODE_INVALID'): Promise<never> {
    const at = now()
    const until = await recordFailure(db, keys, at)
    if (until !== null) locked(reply, until, at)
    throw new AppError(code)
  }

  route(app, API.login, async ({ body, req, reply }) => {
    const keys = throttleKeys('code', issuedCodeHash(body.code), req.ip)
    await refuseWhileLocked(reply, keys)
    const user = await findUserByLoginCode(db, body.code)
    if (!user) return failed(reply, keys, 'LOGIN_CODE_INVALID')
    return signIn(user, 'code')
  }, { bodyLimit: SIGN_IN_BODY_LIMIT })

  route(app, API.wechatLogin, async ({ body, req, reply }) => {
    // Only a binding code is a guess worth limiting; a bound WeChat account signs in whatever its address did.
    const keys = body.bindCode ? throttleKeys('bind', issuedCodeHash(body.bindCode), req.ip) : null
    if (keys) await refuseWhileLocked(reply, keys)
    const { openid } = await wechat.code2Session(body.code)
    let user = await findUserByOpenid(db, openid)
    if (!user && !keys) throw new AppError('WECHAT_NOT_BOUND')
    if (!user) user = await bindOpenid(db, body.bindCode!, openid, now())
    if (!user) return failed(reply, keys!, 'BIND_CODE_INVALID')
    return signIn(user, 'wechat')
  }, { bodyLimit: SIGN_IN_BODY_LIMIT })

  route(app, API.logout, async ({ user, req }) => {
    await revokeSession(db, bearerToken(req))
    await recordAudit(db.kysely, { at: now(), userId: user.id, action: 'logout', entity: 'user', entityId: user.id })
    return { ok: true as const }
  })

  route(app, API.me, async ({ user }) => user)
}
