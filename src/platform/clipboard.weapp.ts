// Copying text in the mini-program. The clipboard is covered by the privacy guide, so a user who has not agreed
// to it gets `privacy`, and a build whose guide does not declare it gets `not-declared`.
import Taro from '@tarojs/taro'
import { attempt, type DeviceResult } from './device-failure'

export function copyText(text: string): Promise<DeviceResult<void>> {
  return attempt(async () => {
    await Taro.setClipboardData({ data: text })
  })
}
