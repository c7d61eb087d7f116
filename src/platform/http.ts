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
      const started = req.method === 'GET' && !req.token ? takePrefetch(base + req.path) : null
      if (!started) return send(base, req)
      started.timeout = req.timeoutMs ?? DEFAULT_TIMEOUT_MS
      return answer(started)
    },
  }
}

declare global {
  interface Window {
    /** A public read the page's address named, started by the page's inline script (config/route-preload.ts). */
    __fzPrefetch?: { url: string; xhr: XMLHttpRequest }
  }
}

/** The started read of `url`, once: a second call (a retry) asks the server again. */
function takePrefetch(url: string): XMLHttpRequest | null {
  const started = typeof window === 'undefined' ? undefined : window.__fzPrefetch
  if (!started || started.url !== url) return null
  window.__fzPrefetch = undefined
  return started.xhr
}

function send(base: string, { method, path, body, rawBody, headers, token, timeoutMs }: HttpRequest): Promise<HttpResponse> {
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
  const answered = answer(xhr)
  xhr.send(rawBody !== undefined ? (rawBody as Uint8Array<ArrayBuffer>) : body !== undefined ? JSON.stringify(body) : null)
  return answered
}

/** The response of a sent (or still sending) request; a request already done answers at once. */
function answer(xhr: XMLHttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const done = () => (xhr.status === 0 ? reject(new NetworkError('network error')) : resolve({ status: xhr.status, body: parsed(xhr.responseText) }))
    if (xhr.readyState === XMLHttpRequest.DONE) return done()
    xhr.onload = done
    xhr.onerror = () => reject(new NetworkError('network error'))
    xhr.ontimeout = () => reject(new NetworkError('timeout', true))
    xhr.onabort = () => reject(new NetworkError('abort', true))
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
