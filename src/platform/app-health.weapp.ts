// The mini-program's own health: a new version waiting (wx.getUpdateManager → restart when the user agrees) and
// errors nobody caught (wx.onError, wx.onUnhandledRejection), handed to the reporter the app shell gives.
import Taro from '@tarojs/taro'
import { canUse } from './can-i-use'
import { wechatLaunch } from '../locales/wechat-launch'

export type AppErrorKind = 'error' | 'rejection'
export type AppErrorReporter = (report: { kind: AppErrorKind; message: string; stack?: string; page: string }) => void

const t = wechatLaunch.update

/** The route of the page on top (its query is left out by the reporter). */
function currentPage(): string {
  try {
    const pages = Taro.getCurrentPages()
    return pages[pages.length - 1]?.route ?? ''
  } catch {
    return ''
  }
}

/** Asks to restart once WeChat has downloaded a new version; records not yet synced stay in storage meanwhile. */
export function watchForUpdates(): void {
  if (!canUse('getUpdateManager')) return
  // Never let the check itself stop the app (an odd base library, a simulator without it).
  try {
    const manager = Taro.getUpdateManager()
    manager.onUpdateReady(() => {
      void Taro.showModal({ title: t.title, content: t.ready, confirmText: t.restart, cancelText: t.later }).then((res) => {
        if (res.confirm) manager.applyUpdate()
      })
    })
  } catch {
    // no update prompt on this base library
  }
}

function split(text: string): { message: string; stack?: string } {
  // wx.onError gives one string: the message, then the stack on the following lines.
  const [first, ...rest] = text.split('\n')
  return { message: first || text, stack: rest.length ? rest.join('\n') : undefined }
}

export function watchAppErrors(report: AppErrorReporter): void {
  try {
    Taro.onError((error) => {
      const e = error as { message?: unknown; stack?: unknown }
      const parts = typeof error === 'string' ? split(error) : { message: String(e.message ?? error), stack: typeof e.stack === 'string' ? e.stack : undefined }
      report({ kind: 'error', ...parts, page: currentPage() })
    })
    if (canUse('onUnhandledRejection')) {
      Taro.onUnhandledRejection(({ reason }) => {
        const e = reason as { message?: unknown; stack?: unknown } | null
        const message = e && typeof e.message === 'string' ? e.message : String(reason)
        report({ kind: 'rejection', message, stack: e && typeof e.stack === 'string' ? e.stack : undefined, page: currentPage() })
      })
    }
  } catch {
    // no error hooks on this base library: errors stay in WeChat's own log
  }
}
