// Brings the first error message of a form into view after a refused save (see scroll.ts).
import Taro from '@tarojs/taro'

/** Room left above the message, for its field's label. */
const ABOVE_PX = 120

export function scrollToFirstError(selector = '.fz-error'): void {
  setTimeout(() => {
    void Taro.pageScrollTo({ selector, offsetTop: -ABOVE_PX, duration: 200 }).catch(() => undefined)
  }, 50)
}
