// Reading a QR code with WeChat's scanner (the camera, or a picture from the album): the 绑定码 an official shows.
import Taro from '@tarojs/taro'
import { attempt, type DeviceResult } from './device-failure'

export const scanAvailable = true

export function scanText(): Promise<DeviceResult<string>> {
  return attempt(async () => (await Taro.scanCode({ scanType: ['qrCode'] })).result, 'camera')
}
