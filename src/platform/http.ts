// HttpClient on Taro.request: every HTTP answer (any status) resolves; no answer at all is a NetworkError.
import Taro from '@tarojs/taro'
import { NetworkError, type HttpClient } from '@core/sync/ports'

const DEFAULT_TIMEOUT_MS = 15_000

export function createHttpClient(base: string): HttpClient {
  return {
    async request({ method, path, body, token, timeoutMs }) {
      // A browser that knows it is offline would only fail slowly; say so at once.
      if (process.env.TARO_ENV === 'h5' && typeof navigator !== 'undefined' && navigator.onLine === false) {
        throw new NetworkError('offline')
      }
      const header: Record<string, string> = {}
      if (body !== undefined) header['Content-Type'] = 'application/json'
      if (token) header.Authorization = `Bearer ${token}`
      try {
        const res = await Taro.request({
          url: base + path,
          method,
          data: body as TaroGeneral.IAnyObject | undefined,
          header,
          timeout: timeoutMs ?? DEFAULT_TIMEOUT_MS,
          dataType: 'json',
        })
        return { status: res.statusCode, body: res.data }
      } catch (err) {
        const e = err as { errMsg?: string; message?: string; name?: string }
        const msg = e?.errMsg || e?.message || String(err)
        throw new NetworkError(msg, e?.name === 'AbortError' || /time ?out|abort/i.test(msg))
      }
    },
  }
}

export const http = createHttpClient(API_BASE)
