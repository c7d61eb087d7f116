// The signed-in account: token and user, kept in storage so a reload or restart stays signed in.
import { create } from 'zustand'
import { LoginResponseSchema, MeSchema, type LoginResponse, type Me } from '@core/schemas/auth'
import { readSync, writeSync } from '../platform/storage'
import { wechatLoginCode } from '../platform/wechat'
import { callApi } from './api'

const KEY = 'auth:session'

interface Session {
  token: string | null
  expiresAt: string | null
  user: Me | null
}

interface AuthStore extends Session {
  loginWithCode(code: string): Promise<Me>
  /** WeChat sign-in; `bindCode` is needed the first time this WeChat account signs in (403 WECHAT_NOT_BOUND). */
  loginWithWechat(bindCode?: string): Promise<Me>
  /** Forgets the token and user. Outbox and cache keys are per account and stay for the next login. */
  logout(): void
}

function restore(): Session {
  const empty: Session = { token: null, expiresAt: null, user: null }
  const raw = readSync(KEY)
  if (!raw) return empty
  try {
    const s = JSON.parse(raw) as Session
    const user = MeSchema.safeParse(s.user)
    // An expired token is kept: the worker can go on recording offline, and sync asks for a new login on 401.
    return user.success && typeof s.token === 'string' ? { token: s.token, expiresAt: s.expiresAt, user: user.data } : empty
  } catch {
    return empty
  }
}

export const useAuthStore = create<AuthStore>()((set) => {
  const signedIn = (res: LoginResponse): Me => {
    const session: Session = { token: res.token, expiresAt: res.expiresAt, user: res.user }
    writeSync(KEY, JSON.stringify(session))
    set(session)
    return res.user
  }
  return {
    ...restore(),
    async loginWithCode(code) {
      return signedIn(await callApi(LoginResponseSchema, { method: 'POST', path: '/api/v1/auth/login', body: { code } }))
    },
    async loginWithWechat(bindCode) {
      const code = await wechatLoginCode()
      const body = bindCode ? { code, bindCode } : { code }
      return signedIn(await callApi(LoginResponseSchema, { method: 'POST', path: '/api/v1/auth/wechat', body }))
    },
    logout() {
      writeSync(KEY, null)
      set({ token: null, expiresAt: null, user: null })
    },
  }
})
