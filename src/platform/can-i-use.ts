// Base-library feature checks. project.config.json declares libVersion 2.26.0 as the minimum (compressImage's
// compressedWidth); anything newer is asked with wx.canIUse before use. H5's Taro.canIUse answers for its own shims.
import Taro from '@tarojs/taro'

/**
 * True when WeChat (or Taro on H5) says the API / option exists, e.g. 'getUpdateManager',
 * 'compressImage.object.compressedWidth'. For a bare API name the function must be there too: a simulator or an
 * odd base library may answer canIUse with true for what it lacks.
 */
export function canUse(schema: string): boolean {
  try {
    if (typeof Taro.canIUse !== 'function' || Taro.canIUse(schema) !== true) return false
    return schema.includes('.') || typeof (Taro as unknown as Record<string, unknown>)[schema] === 'function'
  } catch {
    return false
  }
}
