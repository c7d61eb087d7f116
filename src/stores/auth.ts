// The signed-in account: token and user, kept in storage so a reload or restart stays signed in.
import { create } from 'zustand'
import * as API from '@core/api/endpoints/auth'
import type { LoginResponse, Me } from '@core/schemas/auth'
import { AREA_LEVELS, ROLES } from '@core/roles-and-areas'
import { readSync, writeSync } from '../platform/storage'
import { wechatLoginCode } from '../platform/wechat'
import { zh } from '../locales/zh-CN'
import { call } from './api'

const KEY = 'auth:session'

interface Session {
  token: string | null
  expiresAt: string | null
  user: Me | null
}

interface AuthState extends Session {
  /** Why the last session ended, for the login page to say (登录已过期); null after a plain logout. */
  endedBecause: string | null
}

interface AuthStore extends AuthState {
  loginWithCode(code: string): Promise<Me>
  /** WeChat sign-in; `bindCode` is needed the first time this WeChat account signs in (403 WECHAT_NOT_BOUND). */
  loginWithWechat(bindCode?: string): Promise<Me>
  /** A session the server made some other way (首次设置): kept like a login's. */
  acceptSession(res: LoginResponse): Me
  /**
   * Ends the session on the server (best effort: offline, the token simply stays unused), then forgets the token and
   * user. Outbox and cache keys are per account and stay for the next login.
   */
  logout(): Promise<void>
  /** The server refused the token (401): forget it like a logout and tell the login page why. */
  sessionExpired(): void
}

/** The signed-in user as this phone stored it (an older version's copy, or a damaged one, means signing in again). */
function isMe(u: unknown): u is Me {
  const m = u as Record<string, unknown> | null
  if (!m || typeof m !== 'object') return false
  const texts = ['id', 'name', 'areaId', 'areaName'].every((k) => typeof m[k] === 'string')
  return texts && (ROLES as readonly unknown[]).includes(m.role) && (AREA_LEVELS as readonly unknown[]).includes(m.areaLevel)
}

function restore(): Session {
  const empty: Session = { token: null, expiresAt: null, user: null }
  const raw = readSync(KEY)
  if (!raw) return empty
  try {
    const s = JSON.parse(raw) as Session
    // An expired token is kept: the worker can go on recording offline, and sync asks for a new login on 401.
    return isMe(s.user) && typeof s.token === 'string' ? { token: s.token, expiresAt: s.expiresAt, user: s.user } : empty
  } catch {
    return empty
  }
}

export const useAuthStore = create<AuthStore>()((set) => {
  const signedIn = (res: LoginResponse): Me => {
    const session: Session = { token: res.token, expiresAt: res.expiresAt, user: res.user }
    writeSync(KEY, JSON.stringify(session))
    set({ ...session, endedBecause: null })
    return res.user
  }
  return {
    ...restore(),
    endedBecause: null,
    async loginWithCode(code) {
      return signedIn(await call(API.login, { body: { code } }))
    },
    async loginWithWechat(bindCode) {
      const code = await wechatLoginCode()
      const body = bindCode ? { code, bindCode } : { code }
      return signedIn(await call(API.wechatLogin, { body }))
    },
    acceptSession(res) {
      return signedIn(res)
    },
    async logout() {
      if (useAuthStore.getState().token) await call(API.logout, {}, { timeoutMs: 5000 }).catch(() => undefined)
      writeSync(KEY, null)
      set({ token: null, expiresAt: null, user: null, endedBecause: null })
    },
    sessionExpired() {
      writeSync(KEY, null)
      set({ token: null, expiresAt: null, user: null, endedBecause: zh.common.sessionExpired })
    },
  }
})
