// Key-value storage on Taro (WeChat storage on weapp, localStorage on h5) behind the core's KeyValueStorage port.
import Taro from '@tarojs/taro'
import type { KeyValueStorage } from '@core/sync/ports'

/** WeChat allows 10 MB per mini-program; h5 reports no limit, so assume the same. */
const DEFAULT_LIMIT_KB = 10240

// Taro types the promise of getStorageInfo as a bare CallbackResult; the payload is the success option.
const storageInfo = () => Taro.getStorageInfo() as unknown as Promise<Taro.getStorageInfo.SuccessCallbackOption>

export const storage: KeyValueStorage = {
  async get(key) {
    try {
      const res = await Taro.getStorage<unknown>({ key })
      return typeof res.data === 'string' ? res.data : null
    } catch {
      return null // missing key: Taro reports it as a failure
    }
  },
  async set(key, value) {
    // Taro's h5 setStorage throws synchronously on QuotaExceededError; inside an async function it becomes a rejection.
    await Taro.setStorage({ key, data: value })
  },
  async remove(key) {
    await Taro.removeStorage({ key }).catch(() => undefined)
  },
  async keys() {
    return (await storageInfo()).keys
  },
  async usage() {
    const info = await storageInfo()
    const usedKB = Number.isFinite(info.currentSize) ? info.currentSize : webStorageUsedKB()
    const limitKB = Number.isFinite(info.limitSize) && info.limitSize > 0 ? info.limitSize : DEFAULT_LIMIT_KB
    return { usedKB, limitKB }
  },
}

/** localStorage counts UTF-16 code units (browsers allow about 5M of them, i.e. ~10 MB). */
function webStorageUsedKB(): number {
  if (process.env.TARO_ENV !== 'h5' || typeof localStorage === 'undefined') return 0
  let units = 0
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i) ?? ''
    units += key.length + (localStorage.getItem(key)?.length ?? 0)
  }
  return Math.round((units * 2) / 1024)
}

/** Synchronous read for the few small values needed before the first render (the session, the device id). */
export function readSync(key: string): string | null {
  try {
    const v: unknown = Taro.getStorageSync(key)
    return typeof v === 'string' && v !== '' ? v : null
  } catch {
    return null
  }
}

export function writeSync(key: string, value: string | null): void {
  try {
    if (value === null) Taro.removeStorageSync(key)
    else Taro.setStorageSync(key, value)
  } catch {
    // The session is re-entered at the next login if it could not be kept.
  }
}
