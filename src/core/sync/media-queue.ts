// The device's media uploader: photos, screenshots and signatures wait here by sha-256, one storage key each,
// until the server has them. Records sync without waiting for it; their media shows 待上传 meanwhile.
//
// Rules, by example:
// - the same sha enqueued twice (two records naming one photo): one item, uploaded once.
// - the signal drops in the middle of a file: the drain stops, the item stays waiting; the next drain asks
//   /status and continues from the server's receivedBytes instead of starting over.
// - the server already has the file (status complete): done without sending a byte.
// - the server refuses the file (not an image, too big, damaged): failed, keeping the server's Chinese
//   message for the worker; never retried.
// - 409 MEDIA_OFFSET_MISMATCH (another copy of this phone's upload moved on, or the server lost a tail after
//   a crash): ask /status again and continue from there.
// No Taro import: storage, files, HTTP and time come in.
import { errorMessage } from '../errors'
import { MEDIA_CHUNK_BYTES, MEDIA_MAX_BYTES } from '../media/limits'
import { pathOf } from '../api/endpoint'
import { answerOf } from '../api/answer'
import * as API from '../api/endpoints/sync'
import { NetworkError, type HttpClient, type HttpRequest, type HttpResponse, type KeyValueStorage } from './ports'

/** The phone's copies of the files, by sha. */
export interface MediaFiles {
  /** Size in bytes, or null when the phone no longer has the file. */
  size(sha: string): Promise<number | null>
  read(sha: string, offset: number, length: number): Promise<Uint8Array>
}

export type MediaItemState = 'waiting' | 'uploading' | 'done' | 'failed'

/** What is stored per sha; an uploaded file's key is removed. */
export interface MediaItem {
  sha: string
  mime: string
  state: 'waiting' | 'failed'
  queuedAt: number
  /** Hash mismatches so far: a file that changed under its name gets a few more tries, then fails. */
  hashMismatches: number
  code?: string
  message?: string
}

export interface MediaQueueDeps {
  storage: KeyValueStorage
  /** Queues are per account, like the outbox. */
  ownerId: string
  files: MediaFiles
  http: HttpClient
  token: () => string | null
  now: () => number
  chunkBytes?: number
  /** Told when a file starts and after every chunk the server acknowledged, for the progress on the badge. */
  onProgress?: (progress: UploadProgress) => void
}

/** Where a drain stands: the file being sent (bytes the server has of it) and the files of this drain. */
export interface UploadProgress {
  sha: string
  fileBytes: number
  sentBytes: number
  /** 1-based position of this file among the drain's files. */
  fileNo: number
  fileCount: number
}

/** The drain's overall share done, 0–100: whole files done plus the current file's part. */
export function overallPercent(p: UploadProgress): number {
  const part = p.fileBytes > 0 ? Math.min(1, p.sentBytes / p.fileBytes) : 0
  return Math.floor(((p.fileNo - 1 + part) / Math.max(1, p.fileCount)) * 100)
}

/** The current file's share done, 0–100. */
export function filePercent(p: UploadProgress): number {
  return p.fileBytes > 0 ? Math.floor(Math.min(1, p.sentBytes / p.fileBytes) * 100) : 0
}

export interface DrainResult {
  uploaded: number
  failed: number
}

/** The server looked at the whole file and said no: sending it again cannot help. */
const FINAL_CODES = new Set(['MEDIA_TYPE_NOT_ALLOWED', 'MEDIA_TOO_LARGE', 'MEDIA_CORRUPT', 'VALIDATION_FAILED'])
const MAX_HASH_MISMATCHES = 3
/** Offset mismatches in a row before the item waits for the next drain (two phones racing, say). */
const MAX_OFFSET_MISMATCHES = 3
const CHUNK_TIMEOUT_MS = 60_000
const STATUS_TIMEOUT_MS = 15_000

/** Ends the whole drain: no network, signed out, or the server is unwell. Items stay waiting. */
class StopDrain extends Error {}

type Outcome = { kind: 'done' } | { kind: 'failed'; code: string; message: string } | { kind: 'later'; hashMismatch?: boolean }

export class MediaQueue {
  private readonly prefix: string
  private readonly chunkBytes: number
  private items: Map<string, MediaItem> | null = null
  /** This session's transient states: the item being sent, and files uploaded since start. */
  private readonly live = new Map<string, 'uploading' | 'done'>()
  private running: Promise<DrainResult> | null = null

  constructor(private readonly deps: MediaQueueDeps) {
    this.prefix = `md:${deps.ownerId}:`
    this.chunkBytes = deps.chunkBytes ?? MEDIA_CHUNK_BYTES
  }

  /** Reads the queue from storage; states() shows nothing before this (or any other call) has run. */
  async load(): Promise<void> {
    if (this.items) return
    const items = new Map<string, MediaItem>()
    for (const key of (await this.deps.storage.keys()).filter((k) => k.startsWith(this.prefix))) {
      const raw = await this.deps.storage.get(key)
      if (raw) items.set(key.slice(this.prefix.length), JSON.parse(raw) as MediaItem)
    }
    this.items = items
  }

  /** Queues a file; a sha already queued (or failed) stays as it is. */
  async enqueue(sha: string, mime: string): Promise<MediaItem> {
    const items = await this.loaded()
    const existing = items.get(sha)
    if (existing) return existing
    const item: MediaItem = { sha, mime, state: 'waiting', queuedAt: this.deps.now(), hashMismatches: 0 }
    await this.write(item)
    this.live.delete(sha)
    return item
  }

  async pendingCount(): Promise<number> {
    return [...(await this.loaded()).values()].filter((i) => i.state === 'waiting').length
  }

  /** Failed items with their code and message, for the worker to see. */
  async failures(): Promise<MediaItem[]> {
    return [...(await this.loaded()).values()].filter((i) => i.state === 'failed')
  }

  /** Every sha this queue knows of. A sha missing here is not waiting on this phone. */
  states(): Map<string, MediaItemState> {
    const out = new Map<string, MediaItemState>()
    for (const [sha, item] of this.items ?? []) out.set(sha, item.state)
    for (const [sha, state] of this.live) out.set(sha, state)
    return out
  }

  /** Uploads every waiting file; a call while a drain runs joins it. */
  drain(): Promise<DrainResult> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null
      })
    }
    return this.running
  }

  private async run(): Promise<DrainResult> {
    const result: DrainResult = { uploaded: 0, failed: 0 }
    const tried = new Set<string>()
    for (;;) {
      // Oldest first; a file enqueued during the drain is picked up before it ends.
      const waiting = [...(await this.loaded()).values()]
        .filter((i) => i.state === 'waiting' && !tried.has(i.sha))
        .sort((a, b) => a.queuedAt - b.queuedAt || (a.sha < b.sha ? -1 : 1))
      const next = waiting[0]
      if (!next) return result
      tried.add(next.sha)
      this.live.set(next.sha, 'uploading')
      const fileNo = tried.size
      const fileCount = fileNo - 1 + waiting.length
      let outcome: Outcome
      try {
        outcome = await this.upload(next, (fileBytes, sentBytes) => this.deps.onProgress?.({ sha: next.sha, fileBytes, sentBytes, fileNo, fileCount }))
      } catch (err) {
        this.live.delete(next.sha)
        if (err instanceof StopDrain) return result
        throw err
      }
      const state = await this.settle(next, outcome)
      if (state === 'done') result.uploaded++
      if (state === 'failed') result.failed++
    }
  }

  private async settle(item: MediaItem, outcome: Outcome): Promise<MediaItemState> {
    if (outcome.kind === 'done') {
      await this.deps.storage.remove(this.prefix + item.sha)
      this.items?.delete(item.sha)
      this.live.set(item.sha, 'done')
      return 'done'
    }
    this.live.delete(item.sha)
    if (outcome.kind === 'later' && outcome.hashMismatch) {
      const hashMismatches = item.hashMismatches + 1
      if (hashMismatches < MAX_HASH_MISMATCHES) {
        await this.write({ ...item, hashMismatches })
        return 'waiting'
      }
      outcome = { kind: 'failed', code: 'MEDIA_HASH_MISMATCH', message: errorMessage('MEDIA_HASH_MISMATCH') }
    }
    if (outcome.kind === 'failed') {
      await this.write({ ...item, state: 'failed', code: outcome.code, message: outcome.message })
      return 'failed'
    }
    return 'waiting'
  }

  private async upload(item: MediaItem, progress: (fileBytes: number, sentBytes: number) => void): Promise<Outcome> {
    const size = await this.deps.files.size(item.sha)
    if (size === null || size === 0) return fileMissing()
    // The server would refuse it on the first chunk; no need to spend the signal finding out.
    if (size > MEDIA_MAX_BYTES) return { kind: 'failed', code: 'MEDIA_TOO_LARGE', message: errorMessage('MEDIA_TOO_LARGE') }
    let offset = await this.resumeAt(item.sha, size)
    let mismatches = 0
    progress(size, offset ?? size)
    while (offset !== null) {
      let chunk: Uint8Array
      try {
        chunk = await this.deps.files.read(item.sha, offset, Math.min(this.chunkBytes, size - offset))
      } catch {
        // Deleted under us (fail it), or a passing read error (try again next drain).
        return (await this.deps.files.size(item.sha)) === null ? fileMissing() : { kind: 'later' }
      }
      const res = await this.call({
        method: 'PUT',
        path: pathOf(API.mediaPut, { params: { sha: item.sha } }),
        rawBody: chunk,
        headers: {
          'Content-Type': 'application/octet-stream',
          'Upload-Offset': String(offset),
          'Upload-Length': String(size),
        },
        timeoutMs: CHUNK_TIMEOUT_MS,
      })
      if (res.status === 200) {
        const put = answerOf(API.mediaPut, res.body)
        if (!put) throw new StopDrain('bad response')
        if (put.state === 'complete') {
          progress(size, size)
          return { kind: 'done' }
        }
        if (put.receivedBytes <= offset && ++mismatches > MAX_OFFSET_MISMATCHES) return { kind: 'later' }
        offset = put.receivedBytes
        progress(size, offset)
        continue
      }
      const code = errorCode(res)
      if (code === 'MEDIA_OFFSET_MISMATCH') {
        if (++mismatches > MAX_OFFSET_MISMATCHES) return { kind: 'later' }
        offset = await this.resumeAt(item.sha, size)
        continue
      }
      if (code === 'MEDIA_HASH_MISMATCH') return { kind: 'later', hashMismatch: true }
      return refusal(res, code)
    }
    return { kind: 'done' }
  }

  /** Where to continue, from the server's view; null when it already has the whole file. */
  private async resumeAt(sha: string, size: number): Promise<number | null> {
    const res = await this.call({ method: 'GET', path: pathOf(API.mediaStatus, { params: { sha } }), timeoutMs: STATUS_TIMEOUT_MS })
    if (res.status !== 200) throw new StopDrain(`status ${res.status}`)
    const status = answerOf(API.mediaStatus, res.body)
    if (!status) throw new StopDrain('bad response')
    if (status.state === 'complete') return null
    // A partial upload of another length is not ours to continue: offset 0 starts it afresh.
    return status.state === 'partial' && status.totalBytes === size ? status.receivedBytes : 0
  }

  private async call(req: Omit<HttpRequest, 'token'>): Promise<HttpResponse> {
    let res: HttpResponse
    try {
      res = await this.deps.http.request({ ...req, token: this.deps.token() })
    } catch (err) {
      if (err instanceof NetworkError) throw new StopDrain(err.message)
      throw err
    }
    // Signed out, rate-limited or a server in trouble: nothing to gain from the next file either.
    if (res.status === 401 || res.status === 429 || res.status >= 500) throw new StopDrain(`HTTP ${res.status}`)
    return res
  }

  private async loaded(): Promise<Map<string, MediaItem>> {
    await this.load()
    return this.items!
  }

  /** Storage first: if the write fails, memory does not claim an item that is not saved. */
  private async write(item: MediaItem): Promise<void> {
    await this.deps.storage.set(this.prefix + item.sha, JSON.stringify(item))
    ;(await this.loaded()).set(item.sha, item)
  }
}

function fileMissing(): Outcome {
  return { kind: 'failed', code: 'MEDIA_FILE_MISSING', message: '手机上已找不到这张图片，无法上传，请重新拍摄或选择' }
}

function errorCode(res: HttpResponse): string {
  return (res.body as { error?: { code?: string } } | null)?.error?.code ?? `HTTP_${res.status}`
}

/** A refusal of this file. Final ones fail the item; anything unexpected waits for the next drain. */
function refusal(res: HttpResponse, code: string): Outcome {
  if (!FINAL_CODES.has(code)) return { kind: 'later' }
  const message = (res.body as { error?: { message?: string } } | null)?.error?.message
  return { kind: 'failed', code, message: message || errorMessage(code) }
}
