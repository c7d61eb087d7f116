// Base-library feature checks. project.config.json declares libVersion 2.26.0 as the minimum (compressImage's
// compressedWidth); anything newer is asked with wx.canIUse before use. H5's Taro.canIUse answers for its own shims.
import Taro from '@tarojs/taro'

/** True when WeChat (or Taro on H5) says the API / option exists, e.g. 'getUpdateManager', 'compressImage.object.compressedWidth'. */
export function canUse(schema: string): boolean {
  try {
    return typeof Taro.canIUse === 'function' && Taro.canIUse(schema) === true
  } catch {
    return false
  }
}
