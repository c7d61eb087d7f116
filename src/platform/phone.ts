// Phone calls: WeChat's call sheet on weapp, a tel: link on H5 (both through Taro).
import Taro from '@tarojs/taro'
import { attempt, type DeviceResult } from './device-failure'

/** Closing the call sheet without calling is a cancel. */
export function callPhone(phoneNumber: string): Promise<DeviceResult<void>> {
  return attempt(async () => {
    await Taro.makePhoneCall({ phoneNumber })
  })
}
