// The signed-in worker's media uploads: one MediaQueue fed with the photos, screenshots and signatures of every
// record added, drained after each successful record sync (records first, media after), retried with backoff
// while files wait, and the phone's copy removed once uploaded and no waiting record names it.
import type { FieldRecord } from '@core/schemas/record'
import { mediaOf } from '@core/record-media'
import { retryDelayMs } from '@core/sync/backoff'
import { MediaQueue, filePercent, overallPercent, type UploadProgress } from '@core/sync/media-queue'
import type { Outbox } from '@core/sync/outbox'
import { storage } from '../platform/storage'
import { http } from '../platform/http'
import { useAuthStore } from './auth'

// The phone's files and the sniffing of their type, loaded at their first use: on H5 they come with sha256 and the
// photo compressor, which the worker's list does not need before it can be used (issue 14).
const files = () => import('../platform/media-files')
const imageType = (head: Uint8Array) => import('@core/media/compress-plan').then((m) => m.sniffImageType(head), () => null)

/** What a thumbnail shows: 待上传, 上传中, 已上传 (this app run) or 上传失败 with the server's reason. */
export interface MediaView {
  state: 'waiting' | 'uploading' | 'uploaded' | 'failed'
  message?: string
  /** While uploading: the share of this file the server has, 0–100. */
  percent?: number
}

/** The upload running now, for the badge: 第 fileNo/fileCount 张, this file's and the whole round's percent. */
export interface UploadNow {
  fileNo: number
  fileCount: number
  filePercent: number
  overallPercent: number
}

interface MediaSnapshot {
  /** Every sha the queue knows of; a sha missing here is not waiting on this phone (or was never queued). */
  media: Record<string, MediaView>
  /** Files still to upload (waiting or uploading), for 待上传图片 N 张. */
  mediaPending: number
  /** Null when no upload runs. */
  upload: UploadNow | null
  /** Files the server refused (上传失败), for the badge. */
  mediaFailed: number
}

/** While a drain runs, the thumbnails' states are refreshed this often. */
const POLL_MS = 1000

export class MediaSync {
  private readonly queue: MediaQueue
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private attempt = 0
  private stopped = false
  private progress: UploadProgress | null = null

  constructor(
    ownerId: string,
    private readonly outbox: Outbox,
    private readonly publish: (snap: MediaSnapshot) => void,
  ) {
    this.queue = new MediaQueue({
      storage,
      ownerId,
      files: {
        size: async (sha) => (await files()).mediaSize(sha),
        read: async (sha, offset, length) => (await files()).readMediaChunk(sha, offset, length),
      },
      http,
      token: () => useAuthStore.getState().token,
      now: Date.now,
      onProgress: (p) => {
        this.progress = p
        void this.refresh().catch(() => 0)
      },
    })
  }

  /**
   * Loads the queue and re-queues any file a record in the outbox names that is still on the phone but not queued
   * (the app died between saving the record and queueing its files). One the server already has costs one
   * /status request and is then marked done.
   */
  async start(): Promise<void> {
    await this.queue.load()
    for (const item of await this.outbox.list()) {
      for (const sha of mediaOf(item.record)) {
        if (!this.queue.states().has(sha) && (await files().then((f) => f.mediaSize(sha)).catch(() => null)) !== null) await this.queueFile(sha)
      }
    }
    await this.refresh()
  }

  /**
   * Queues every file a record names; files already queued or uploaded this run are left as they are. Never
   * throws: the record itself is saved, and a file that could not be queued is queued at the next start.
   */
  async enqueue(record: FieldRecord): Promise<void> {
    for (const sha of mediaOf(record)) {
      if (this.queue.states().get(sha) === 'done') continue
      await this.queueFile(sha).catch(() => undefined)
    }
    await this.refresh().catch(() => 0)
  }

  private async queueFile(sha: string): Promise<void> {
    const head = await files().then((f) => f.readMediaChunk(sha, 0, 12)).catch(() => new Uint8Array(0))
    await this.queue.enqueue(sha, (await imageType(head)) ?? 'image/jpeg')
  }

  /** Uploads what waits; called after every successful record sync. Joins a drain already running. */
  async drain(): Promise<void> {
    if (this.stopped) return
    this.clearRetry()
    const poll = setInterval(() => void this.refresh(), POLL_MS)
    let uploaded = 0
    try {
      uploaded = (await this.queue.drain()).uploaded
    } catch {
      // Unreadable storage or a bug: the files stay queued and the next sync tries again.
    } finally {
      clearInterval(poll)
      this.progress = null
    }
    await this.cleanUp()
    const pending = await this.refresh()
    if (this.stopped || pending === 0) {
      this.attempt = 0
      return
    }
    // Files still wait (the signal dropped mid-file): try again later, sooner if this round made progress.
    this.attempt = uploaded > 0 ? 1 : this.attempt + 1
    this.retryTimer = setTimeout(() => void this.drain(), retryDelayMs(this.attempt, Math.random()))
  }

  /** Removes a photo taken off a form before saving, unless a record or the queue still needs it. */
  async forget(sha: string): Promise<void> {
    if (this.queue.states().has(sha)) return
    const named = (await this.outbox.list()).some((i) => mediaOf(i.record).includes(sha))
    if (!named) await files().then((f) => f.removeMedia(sha)).catch(() => undefined)
  }

  stop(): void {
    this.stopped = true
    this.clearRetry()
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
  }

  /** Uploaded files leave the phone once no record in the outbox names them; the server has the copy. */
  private async cleanUp(): Promise<void> {
    const named = new Set((await this.outbox.list()).flatMap((i) => mediaOf(i.record)))
    for (const [sha, state] of this.queue.states()) {
      if (state === 'done' && !named.has(sha)) await files().then((f) => f.removeMedia(sha)).catch(() => undefined)
    }
  }

  private async refresh(): Promise<number> {
    const failures = new Map((await this.queue.failures()).map((f) => [f.sha, f.message ?? f.code]))
    const media: Record<string, MediaView> = {}
    const p = this.progress
    let pending = 0
    for (const [sha, state] of this.queue.states()) {
      if (state === 'waiting' || state === 'uploading') pending++
      media[sha] =
        state === 'done'
          ? { state: 'uploaded' }
          : state === 'failed'
            ? { state, message: failures.get(sha) }
            : state === 'uploading' && p?.sha === sha
              ? { state, percent: filePercent(p) }
              : { state }
    }
    const upload = p && pending > 0 ? { fileNo: p.fileNo, fileCount: p.fileCount, filePercent: filePercent(p), overallPercent: overallPercent(p) } : null
    if (!this.stopped) this.publish({ media, mediaPending: pending, upload, mediaFailed: failures.size })
    return pending
  }
}
