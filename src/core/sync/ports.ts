// What the sync engine needs from the platform. The app passes Taro-backed versions, tests pass real ones over HTTP.

export interface KeyValueStorage {
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  remove(key: string): Promise<void>
  keys(): Promise<string[]>
  /** Used and total space in KB (WeChat: currentSize / limitSize of getStorageInfo). */
  usage(): Promise<{ usedKB: number; limitKB: number }>
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  body?: unknown
  /** Bytes sent as they are (a media chunk), instead of `body` as JSON. */
  rawBody?: Uint8Array
  /** Extra request headers, e.g. Content-Type and Upload-Offset for a media chunk. */
  headers?: Record<string, string>
  token?: string | null
  timeoutMs?: number
}

export interface HttpResponse {
  status: number
  body: unknown
}

/** Thrown by an HttpClient when no HTTP answer came back at all (offline, timeout, connection reset). */
export class NetworkError extends Error {
  constructor(message: string, readonly timedOut = false) {
    super(message)
    this.name = 'NetworkError'
  }
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>
}
