// The system's font setting and where the type scale lives, weapp: WeChat's 字体大小 (fontSizeScaleFactor of
// wx.getAppBaseInfo, base library 2.20.1+, guarded), and a view around each page (a mini-program page has no shared
// root to set a CSS variable on; see components/type-scale).

import Taro from '@tarojs/taro'

type AppBaseInfo = { fontSizeScaleFactor?: number; fontSizeSetting?: number }

export function systemFontFactor(): number | null {
  const get = (Taro as unknown as { getAppBaseInfo?: () => AppBaseInfo }).getAppBaseInfo
  if (typeof get !== 'function') return null
  try {
    const f = get().fontSizeScaleFactor
    return typeof f === 'number' && Number.isFinite(f) && f > 0 ? f : null
  } catch {
    return null
  }
}

export function applyRootScale(): void {
  // Nothing shared to set: the view around each page carries the scale.
}

export const PAGE_SCALE_NEEDED = true
