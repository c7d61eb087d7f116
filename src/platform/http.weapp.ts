// HttpClient on wx.request (Taro.request): every HTTP answer (any status) resolves; no answer at all is a NetworkError.
// JSON bodies go as JSON, media chunks (rawBody) as raw bytes.
import Taro from '@tarojs/taro'
import { NetworkError, type HttpClient } from '@core/sync/ports'

const DEFAULT_TIMEOUT_MS = 15_000

export function createHttpClient(base: string): HttpClient {
  return {
    async request({ method, path, body, rawBody, headers, token, timeoutMs }) {
      const header: Record<string, string> = {}
      if (body !== undefined) header['Content-Type'] = 'application/json'
      if (rawBody !== undefined) header['Content-Type'] = 'application/octet-stream'
      Object.assign(header, headers)
      if (token) header.Authorization = `Bearer ${token}`
      // wx.request sends an ArrayBuffer as raw bytes but would serialise a typed array as a JSON object.
      const data = rawBody !== undefined ? toArrayBuffer(rawBody) : (body as TaroGeneral.IAnyObject | undefined)
      try {
        const res = await Taro.request({
          url: base + path,
          method,
          data,
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

/** The bytes of the view alone: a chunk read from a larger buffer must not send its neighbours. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer as ArrayBuffer
  return bytes.slice().buffer as ArrayBuffer
}

export const http = createHttpClient(API_BASE)
