// Node implementations of the sync engine's ports: a size-capped in-memory key-value store and fetch over HTTP.
import { NetworkError, type HttpClient, type HttpRequest, type HttpResponse, type KeyValueStorage } from '../../src/core/sync/ports'

/** Behaves like WeChat storage: a total cap and a per-key cap, with sizes in KB of UTF-16 text. */
export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>()

  constructor(readonly limitKB = 10 * 1024, readonly perKeyKB = 1024) {}

  async get(key: string) {
    return this.data.get(key) ?? null
  }

  async set(key: string, value: string) {
    const size = (key.length + value.length) / 1024
    if (size > this.perKeyKB) throw new Error(`key ${key} exceeds ${this.perKeyKB} KB`)
    const old = this.data.get(key)
    const after = this.usedKB() - (old ? (key.length + old.length) / 1024 : 0) + size
    if (after > this.limitKB) throw new Error('storage full')
    this.data.set(key, value)
  }

  async remove(key: string) {
    this.data.delete(key)
  }

  async keys() {
    return [...this.data.keys()]
  }

  async usage() {
    return { usedKB: Math.ceil(this.usedKB()), limitKB: this.limitKB }
  }

  private usedKB(): number {
    let n = 0
    for (const [k, v] of this.data) n += k.length + v.length
    return n / 1024
  }
}

export class FetchHttp implements HttpClient {
  constructor(public base: string) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    let res: Response
    try {
      res = await fetch(this.base + req.path, {
        method: req.method,
        headers: {
          ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(req.rawBody !== undefined ? { 'content-type': req.headers?.['Content-Type'] ?? 'application/octet-stream' } : {}),
          ...Object.fromEntries(Object.entries(req.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'content-type')),
          ...(req.token ? { authorization: `Bearer ${req.token}` } : {}),
        },
        body: req.rawBody !== undefined ? req.rawBody : req.body !== undefined ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      })
    } catch (err) {
      throw new NetworkError(String(err), (err as Error).name === 'TimeoutError')
    }
    let text: string
    try {
      text = await res.text()
    } catch (err) {
      throw new NetworkError(String(err))
    }
    return { status: res.status, body: parseJson(text) }
  }
}

/** A gateway's HTML error page is no JSON: the body is then the text, as wx.request gives it. */
function parseJson(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
