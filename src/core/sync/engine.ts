// The sync engine: pushes the outbox in batches, then pulls the grid by cursor. One sync at a time,
// backoff after failure, a halved batch after HTTP 413. No Taro import: storage, HTTP and time come in.
import { errorMessage } from '../errors'
import { pathOf, type CallInput, type EndpointDef } from '../api/endpoint'
import { answerOf } from '../api/answer'
import * as API from '../api/endpoints/sync'
import type { PushResult } from '../schemas/sync'
import { retryDelayMs } from './backoff'
import type { LocalCache } from './local-cache'
import { NetworkError, type HttpClient, type HttpResponse } from './ports'
import { encodeJsonBody } from './wire'
import type { Outbox, OutboxItem, StorageReport } from './outbox'

export type SyncTrigger = 'start' | 'foreground' | 'online' | 'manual' | 'retry' | 'record'

export interface SyncFailure {
  code: string
  message: string
}

export interface SyncState {
  syncing: boolean
  pending: number
  /** Records the server refused or flagged; they stay on the phone for the worker to see. */
  needsAttention: number
  lastSuccessAt: number | null
  lastError: SyncFailure | null
  attempt: number
  nextRetryAt: number | null
  storage: StorageReport | null
}

export interface SyncEngineDeps {
  outbox: Outbox
  cache: LocalCache
  http: HttpClient
  token: () => string | null
  now: () => number
  random?: () => number
  /** Schedules the retry; returns a cancel function. */
  setTimer?: (fn: () => void, ms: number) => () => void
  onState?: (state: SyncState) => void
  batchSize?: number
}

export const DEFAULT_BATCH = 100

/** What the worker is told when an official has decided a conflicting record. */
export const CONFLICT_NOTE = {
  first: '管理人员已核定：以先前上传的内容为准',
  second: '管理人员已核定：以这次修改后的内容为准',
} as const
const PUSH_TIMEOUT_MS = 30_000

class SyncStop extends Error {
  constructor(readonly failure: SyncFailure, readonly retry: boolean) {
    super(failure.message)
  }
}

export class SyncEngine {
  private state: SyncState = {
    syncing: false,
    pending: 0,
    needsAttention: 0,
    lastSuccessAt: null,
    lastError: null,
    attempt: 0,
    nextRetryAt: null,
    storage: null,
  }
  private running: Promise<SyncState> | null = null
  private batchSize: number
  private cancelRetry: (() => void) | null = null

  constructor(private readonly deps: SyncEngineDeps) {
    this.batchSize = deps.batchSize ?? DEFAULT_BATCH
  }

  getState(): SyncState {
    return this.state
  }

  /** Recounts the outbox and storage without touching the network. */
  async refresh(): Promise<SyncState> {
    const items = await this.deps.outbox.list()
    this.set({
      pending: items.filter((i) => i.state === 'pending').length,
      needsAttention: items.filter((i) => i.state === 'rejected' || i.state === 'conflict').length,
      storage: await this.deps.outbox.storageReport(),
    })
    return this.state
  }

  /** Runs a sync; a call while one runs joins it rather than starting a second. */
  sync(_trigger: SyncTrigger): Promise<SyncState> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null
      })
    }
    return this.running
  }

  stop(): void {
    this.cancelRetry?.()
    this.cancelRetry = null
  }

  private async run(): Promise<SyncState> {
    this.stop()
    this.set({ syncing: true })
    try {
      await this.pushAll()
      await this.clearDecidedConflicts()
      const pullStartedAt = this.deps.now()
      await this.pullAll()
      await this.deps.outbox.purgeSynced(pullStartedAt)
      this.set({ lastSuccessAt: this.deps.now(), lastError: null, attempt: 0, nextRetryAt: null })
    } catch (err) {
      const stop = err instanceof SyncStop ? err : new SyncStop(unexpected(err), true)
      this.fail(stop)
    } finally {
      this.set({ syncing: false })
      await this.refresh()
    }
    return this.state
  }

  private async pushAll(): Promise<void> {
    for (;;) {
      const batch = await this.deps.outbox.pending(this.batchSize)
      if (batch.length === 0) return
      const res = await this.call(API.syncPush, { body: { records: batch.map((i) => i.record) } }, true)
      if (res.status === 413 && this.batchSize > 1) {
        this.batchSize = Math.max(1, Math.floor(this.batchSize / 2))
        continue
      }
      if (res.status !== 200) throw stopFor(res)
      const answer = answerOf(API.syncPush, res.body, 'results')
      if (!answer) throw badResponse()
      await this.applyResults(batch, answer.results)
    }
  }

  private async applyResults(batch: OutboxItem[], results: PushResult[]): Promise<void> {
    const byId = new Map(results.map((r) => [r.id, r]))
    const now = this.deps.now()
    for (const item of batch) {
      const r = byId.get(item.record.id)
      if (!r) continue // not answered: stays pending and goes in the next batch
      if (r.status === 'stored' || r.status === 'duplicate') {
        await this.deps.outbox.update(item, { state: 'synced', syncedAt: now, warning: r.warning })
      } else {
        await this.deps.outbox.update(item, {
          state: r.status,
          code: r.code,
          message: r.message ?? errorMessage(r.code ?? ''),
        })
      }
    }
  }

  /**
   * Records the server kept as a conflict stay on the phone until an official decides them; decided ones leave with
   * the next purge, noted in Chinese. Not knowing yet (an older server, no network) only means asking next time.
   */
  private async clearDecidedConflicts(): Promise<void> {
    const conflicts = (await this.deps.outbox.list()).filter((i) => i.state === 'conflict')
    if (conflicts.length === 0) return
    const res = await this.call(API.syncConflictStatus, { body: { ids: conflicts.map((i) => i.record.id) } }).catch(() => null)
    const answer = res?.status === 200 ? answerOf(API.syncConflictStatus, res.body, 'decided') : null
    if (!answer) return
    const decided = new Map(answer.decided.map((d) => [d.id, d.decision]))
    const now = this.deps.now()
    for (const item of conflicts) {
      const decision = decided.get(item.record.id)
      if (decision) await this.deps.outbox.update(item, { state: 'synced', syncedAt: now, code: undefined, message: CONFLICT_NOTE[decision] })
    }
  }

  private async pullAll(): Promise<void> {
    await this.deps.cache.load()
    for (;;) {
      const res = await this.call(API.syncPull, { query: { cursor: this.deps.cache.cursor } })
      if (res.status !== 200) throw stopFor(res)
      const page = answerOf(API.syncPull, res.body, 'households', 'residents', 'templates', 'materials')
      if (!page) throw badResponse()
      await this.deps.cache.applyPage(page, this.deps.now())
      if (!page.hasMore) return
    }
  }

  /** `compress`: the body goes gzipped (see wire.ts), for the pushes that carry the outbox over a weak signal. */
  private async call<E extends EndpointDef>(ep: E, input: CallInput<E>, compress = false): Promise<HttpResponse> {
    const { body } = input as { body?: unknown }
    const encoded = compress && body !== undefined ? await encodeJsonBody(body) : null
    const request = encoded ? { rawBody: encoded.bytes, headers: encoded.headers } : { body }
    try {
      return await this.deps.http.request({ method: ep.method, path: pathOf(ep, input), ...request, token: this.deps.token(), timeoutMs: PUSH_TIMEOUT_MS })
    } catch (err) {
      if (err instanceof NetworkError) {
        const message = err.timedOut
          ? '网络太慢，同步超时。记录已保存在本机，稍后自动重试'
          : '网络不可用，记录已保存在本机，恢复网络后自动同步'
        throw new SyncStop({ code: err.timedOut ? 'TIMEOUT' : 'OFFLINE', message }, true)
      }
      throw err
    }
  }

  private fail(stop: SyncStop): void {
    const attempt = this.state.attempt + 1
    let nextRetryAt: number | null = null
    if (stop.retry && this.deps.setTimer) {
      const delay = retryDelayMs(attempt, (this.deps.random ?? Math.random)())
      nextRetryAt = this.deps.now() + delay
      this.cancelRetry = this.deps.setTimer(() => void this.sync('retry'), delay)
    }
    this.set({ lastError: stop.failure, attempt, nextRetryAt })
  }

  private set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch }
    this.deps.onState?.(this.state)
  }
}

/** An answer that is not the server's JSON (a captive portal's page, a proxy's error): tried again later. */
function badResponse(): SyncStop {
  return new SyncStop({ code: 'BAD_RESPONSE', message: '收到的数据无法识别，稍后自动重试' }, true)
}

function stopFor(res: HttpResponse): SyncStop {
  const code = (res.body as { error?: { code?: string } } | null)?.error?.code
  if (res.status === 401) return new SyncStop({ code: 'UNAUTHENTICATED', message: errorMessage('UNAUTHENTICATED') }, false)
  if (res.status === 403) return new SyncStop({ code: code ?? 'FORBIDDEN', message: errorMessage(code ?? 'FORBIDDEN') }, false)
  if (res.status >= 500) {
    return new SyncStop({ code: code ?? 'SERVER_ERROR', message: `系统暂时繁忙（${res.status}），记录已保存在本机，稍后自动重试` }, true)
  }
  return new SyncStop({ code: code ?? `HTTP_${res.status}`, message: `同步失败（${res.status}）：${errorMessage(code ?? '')}` }, true)
}

function unexpected(err: unknown): SyncFailure {
  const detail = err instanceof Error ? err.message : String(err)
  return { code: 'CLIENT_ERROR', message: `同步出错：${detail}。记录已保存在本机，稍后自动重试` }
}
