// HttpClient for the browser (H5) on XMLHttpRequest: every HTTP answer (any status) resolves; no answer at all is
// a NetworkError. Not Taro.request, whose web version brings fetch, AbortController and JSONP polyfills (~12 KB of
// compressed JavaScript) to every cold load; XMLHttpRequest is in every browser a resident's link opens in.
import { NetworkError, type HttpClient, type HttpRequest, type HttpResponse } from '@core/sync/ports'

const DEFAULT_TIMEOUT_MS = 15_000

export function createHttpClient(base: string): HttpClient {
  return {
    request(req) {
      // A browser that knows it is offline would only fail slowly; say so at once.
      if (typeof navigator !== 'undefined' && navigator.onLine === false) return Promise.reject(new NetworkError('offline'))
      return send(base, req)
    },
  }
}

function send(base: string, { method, path, body, rawBody, headers, token, timeoutMs }: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, base + path)
    xhr.timeout = timeoutMs ?? DEFAULT_TIMEOUT_MS
    // One value per header: setRequestHeader appends to a header set before (a gzipped push names its own type).
    const header: Record<string, string> = {}
    if (body !== undefined) header['Content-Type'] = 'application/json'
    if (rawBody !== undefined) header['Content-Type'] = 'application/octet-stream'
    Object.assign(header, headers)
    if (token) header.Authorization = `Bearer ${token}`
    for (const [name, value] of Object.entries(header)) xhr.setRequestHeader(name, value)
    xhr.onload = () => resolve({ status: xhr.status, body: parsed(xhr.responseText) })
    xhr.onerror = () => reject(new NetworkError('network error'))
    xhr.ontimeout = () => reject(new NetworkError('timeout', true))
    xhr.onabort = () => reject(new NetworkError('abort', true))
    xhr.send(rawBody !== undefined ? (rawBody as Uint8Array<ArrayBuffer>) : body !== undefined ? JSON.stringify(body) : null)
  })
}

/** JSON when it is JSON (as Taro.request's dataType 'json'), else the text itself (a proxy's error page). */
function parsed(text: string): unknown {
  if (!text) return ''
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export const http = createHttpClient(API_BASE)
