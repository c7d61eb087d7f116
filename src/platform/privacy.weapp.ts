// WeChat's privacy consent (基础库 2.32.3+): when a privacy API is called before the user agreed to the
// 用户隐私保护指引, WeChat asks us (onNeedPrivacyAuthorization) and holds the call until we answer. The page's
// <PrivacyConsent> shows our own dialog, whose 同意 button has open-type="agreePrivacyAuthorization"; a tap on it
// lets the held call go on, 拒绝 makes it fail with errno 104 (shown as 'privacy' by device-notice).
import Taro from '@tarojs/taro'
import { canUse } from './can-i-use'

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

export interface PrivacyRequest {
  /** What WeChat says triggered the request (e.g. "chooseMedia"), for nothing but logs. */
  referrer: string
  agree(): void
  disagree(): void
}

type Listener = (request: PrivacyRequest | null) => void

let current: PrivacyRequest | null = null
const listeners = new Set<Listener>()

function publish(request: PrivacyRequest | null): void {
  current = request
  for (const l of listeners) l(request)
}

/** The pending request (null when none); `listener` hears every change. Returns the unsubscribe. */
export function watchPrivacyRequests(listener: Listener): () => void {
  listeners.add(listener)
  listener(current)
  return () => listeners.delete(listener)
}

/**
 * Mounted dialogs, newest last: only the newest shows the request (pages stay mounted under the one on top, and a
 * page may hold two components that each bring one). With none mounted the request is refused at once, so no call
 * hangs, and the caller shows the 'privacy' notice.
 */
const hosts: number[] = []
let nextHost = 1
export function registerPrivacyHost(): { isTop(): boolean; release(): void } {
  const id = nextHost++
  hosts.push(id)
  return {
    isTop: () => hosts[hosts.length - 1] === id,
    release: () => {
      const i = hosts.indexOf(id)
      if (i >= 0) hosts.splice(i, 1)
    },
  }
}

let installed = false

/** Called once at app start. No-op where the base library predates the privacy API (it has no consent to ask). */
export function installPrivacyConsent(): void {
  if (installed || !canUse('onNeedPrivacyAuthorization')) return
  installed = true
  Taro.onNeedPrivacyAuthorization((resolve, info) => {
    if (hosts.length === 0) {
      resolve({ event: 'disagree' })
      return
    }
    let answered = false
    const answer = (event: 'agree' | 'disagree') => {
      if (answered) return
      answered = true
      resolve(event === 'agree' ? { event, buttonId: PRIVACY_AGREE_BUTTON_ID } : { event })
      publish(null)
    }
    resolve({ event: 'exposureAuthorization' })
    publish({ referrer: info?.referrer ?? '', agree: () => answer('agree'), disagree: () => answer('disagree') })
  })
}

/** Opens WeChat's page with the full 用户隐私保护指引 as entered in the admin console. */
export function openPrivacyGuide(): void {
  if (canUse('openPrivacyContract')) Taro.openPrivacyContract({ fail: () => undefined })
}
