// Page guards: send a visitor without a session to 登录, and each role to its own start page.
import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import type { Me } from '@core/schemas/auth'
import { useAuthStore } from '../stores/auth'
import { homeUrl, url } from '../pages/routes'

/** The signed-in worker, or null while redirecting elsewhere. */
export function useWorker(): Me | null {
  const user = useAuthStore((s) => s.user)
  const ok = user?.role === 'worker'
  useEffect(() => {
    if (!user) void Taro.reLaunch({ url: url.login() })
    else if (!ok) void Taro.reLaunch({ url: homeUrl(user.role) })
  }, [user, ok])
  return ok ? user : null
}

/** The signed-in village head, town official or county admin, or null while redirecting elsewhere. */
export function useOfficial(): Me | null {
  const user = useAuthStore((s) => s.user)
  const ok = !!user && user.role !== 'worker' && user.role !== 'verifier'
  useEffect(() => {
    if (!user) void Taro.reLaunch({ url: url.login() })
    else if (!ok) void Taro.reLaunch({ url: homeUrl(user.role) })
  }, [user, ok])
  return ok ? user : null
}

/** The signed-in 核查员, or null while redirecting elsewhere. */
export function useVerifier(): Me | null {
  const user = useAuthStore((s) => s.user)
  const ok = user?.role === 'verifier'
  useEffect(() => {
    if (!user) void Taro.reLaunch({ url: url.login() })
    else if (!ok) void Taro.reLaunch({ url: homeUrl(user.role) })
  }, [user, ok])
  return ok ? user : null
}

/** Any signed-in account (投诉建议 is for everyone), or null while redirecting to 登录. */
export function useSignedIn(): Me | null {
  const user = useAuthStore((s) => s.user)
  useEffect(() => {
    if (!user) void Taro.reLaunch({ url: url.login() })
  }, [user])
  return user
}
