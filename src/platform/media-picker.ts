// Photos from the album or the camera through WeChat's picker. The H5 photo picker keeps its own <input type=file>
// (browser tests set files on it), so only the mini-program calls this.
import Taro from '@tarojs/taro'
import { attempt, type DeviceResult } from './device-failure'

/** Temp paths of up to `count` images. Picking from the album needs no permission; taking a photo needs the camera. */
export function chooseImages(count: number): Promise<DeviceResult<string[]>> {
  return attempt(async () => {
    const res = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] })
    return res.tempFiles.map((f) => f.tempFilePath)
  }, 'camera')
}
