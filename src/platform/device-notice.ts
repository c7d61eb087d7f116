// What a page tells the user after a device call failed, and the one dialog that offers WeChat's settings page.
import Taro from '@tarojs/taro'
import { zh } from '../locales/zh-CN'
import type { DeviceFailure } from './device-failure'

export interface DeviceNotice {
  title: string
  message: string
  /** Only a permission the mini-program itself was refused can be switched back on in its settings page. */
  openSettings: boolean
}

const t = zh.device

/** Null for a cancel (the user chose to stop); `failedText` names what did not work in the page's own words. */
export function failureNotice(failure: DeviceFailure, failedText: string = t.failed): DeviceNotice | null {
  switch (failure.kind) {
    case 'cancelled':
      return null
    case 'denied': {
      const what = t.permissions[failure.permission]
      return failure.bySystem
        ? { title: t.deniedTitle, message: t.deniedBySystem(what), openSettings: false }
        : { title: t.deniedTitle, message: t.denied(what), openSettings: true }
    }
    case 'privacy':
      return { title: t.privacyTitle, message: t.privacy, openSettings: false }
    case 'not-declared':
      return { title: t.failedTitle, message: t.notDeclared, openSettings: false }
    case 'failed':
      return { title: t.failedTitle, message: failedText, openSettings: false }
  }
}

/**
 * A dialog with the notice; 去设置 opens the settings page when that can help. Shows nothing for a cancel. `lead`
 * goes before the message when the page went on without the device (the visit saved without its position).
 */
export async function showDeviceFailure(failure: DeviceFailure, failedText?: string, lead = ''): Promise<void> {
  const notice = failureNotice(failure, failedText)
  if (!notice) return
  const res = await Taro.showModal({
    title: notice.title,
    content: lead + notice.message,
    showCancel: notice.openSettings,
    confirmText: notice.openSettings ? t.openSettings : zh.common.confirm,
    cancelText: zh.common.cancel,
  })
  if (notice.openSettings && res.confirm) await Taro.openSetting().catch(() => undefined)
}
