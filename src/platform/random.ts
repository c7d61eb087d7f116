// Random bytes for record and device ids: crypto.getRandomValues on h5, wx.getRandomValues on weapp.
import Taro from '@tarojs/taro'
import type { RandomBytes } from '@core/ids'

// wx.getRandomValues is asynchronous while uuidv7 needs bytes synchronously, so weapp keeps a refilled pool.
// Taro passes it through without promisifying it, and base libraries before 2.19.2 lack it: callbacks and a guard.
type WxGetRandomValues = (opts: {
  length: number
  success: (res: { randomValues: ArrayBuffer }) => void
  fail: () => void
}) => void

let pool: number[] = []
let filling = false

function refill(): void {
  if (filling || process.env.TARO_ENV !== 'weapp') return
  const api = (Taro as unknown as { getRandomValues?: WxGetRandomValues }).getRandomValues
  if (typeof api !== 'function') return
  filling = true
  try {
    api({
      length: 256,
      success: (res) => {
        pool = pool.concat(Array.from(new Uint8Array(res.randomValues)))
        filling = false
      },
      fail: () => {
        filling = false
      },
    })
  } catch {
    filling = false
  }
}

/** Starts filling the weapp pool early, so the first record id already uses system randomness. */
export function primeRandom(): void {
  refill()
}

/** Math.random is only the fallback; a clash would also need the same millisecond and counter on two phones. */
export const randomBytes: RandomBytes = (n) => {
  const out = new Uint8Array(n)
  if (process.env.TARO_ENV === 'h5' && typeof crypto !== 'undefined' && crypto.getRandomValues) {
    crypto.getRandomValues(out)
    return out
  }
  for (let i = 0; i < n; i++) out[i] = pool.length > 0 ? (pool.pop() as number) : Math.floor(Math.random() * 256)
  if (pool.length < 64) refill()
  return out
}
