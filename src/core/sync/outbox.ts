// The outbox: records waiting to reach the server, one storage key each, surviving an app kill.
//
// One key per record keeps every write small (WeChat caps a key at 1 MB and all keys at 10 MB) and needs no
// index: ids are UUIDv7, so sorting the keys gives creation order.
import type { FieldRecord } from '../schemas/record'
import type { KeyValueStorage } from './ports'

/** pending: waiting to be sent. synced: acknowledged, kept until the next pull reflects it. */
export type OutboxState = 'pending' | 'synced' | 'rejected' | 'conflict'

export interface OutboxItem {
  record: FieldRecord
  state: OutboxState
  queuedAt: number
  syncedAt?: number
  code?: string
  message?: string
  warning?: string
}

export type StorageLevel = 'ok' | 'warn' | 'full'

export interface StorageReport {
  usedKB: number
  limitKB: number
  level: StorageLevel
}

/** Warn the worker from 70 % full; refuse new records from 95 %, before a write could fail and lose one. */
export const STORAGE_WARN_RATIO = 0.7
export const STORAGE_FULL_RATIO = 0.95

export class OutboxError extends Error {
  constructor(readonly code: 'STORAGE_FULL' | 'RECORD_INVALID', message: string) {
    super(message)
    this.name = 'OutboxError'
  }
}

export class Outbox {
  private readonly prefix: string
  /** Loaded once, then kept in step with every write: a sync of thousands of records reads storage once. */
  private items: Map<string, OutboxItem> | null = null

  constructor(private readonly storage: KeyValueStorage, ownerId: string) {
    // Outboxes are per account: another worker signing in on the same phone must not push (or see) them.
    this.prefix = `ob:${ownerId}:`
  }

  /**
   * Queues a record, checked already (record-check.ts). Adding an id that is already queued does nothing, so a
   * double tap on 保存 stores one record.
   */
  async add(record: FieldRecord, now: number): Promise<OutboxItem> {
    const items = await this.load()
    const existing = items.get(record.id)
    if (existing) return existing
    const report = await this.storageReport()
    if (report.level === 'full') {
      throw new OutboxError('STORAGE_FULL', '手机存储空间已满，新记录无法保存。请先联网同步，再继续登记。')
    }
    const item: OutboxItem = { record, state: 'pending', queuedAt: now }
    await this.write(item)
    return item
  }

  /** Items in creation order (UUIDv7 ids sort by time). */
  async list(): Promise<OutboxItem[]> {
    const items = await this.load()
    return [...items.keys()].sort().map((id) => items.get(id)!)
  }

  async pending(limit: number): Promise<OutboxItem[]> {
    return (await this.list()).filter((i) => i.state === 'pending').slice(0, limit)
  }

  /** Updates an item's delivery state; the record inside is never rewritten. */
  async update(item: OutboxItem, patch: Partial<Omit<OutboxItem, 'record'>>): Promise<void> {
    await this.write({ ...item, ...patch, record: item.record })
  }

  /** Drops acknowledged records that a completed pull has already reflected. */
  async purgeSynced(syncedBefore: number): Promise<void> {
    for (const item of await this.list()) {
      if (item.state === 'synced' && (item.syncedAt ?? 0) <= syncedBefore) {
        await this.storage.remove(this.prefix + item.record.id)
        this.items?.delete(item.record.id)
      }
    }
  }

  async storageReport(): Promise<StorageReport> {
    const { usedKB, limitKB } = await this.storage.usage()
    const ratio = limitKB > 0 ? usedKB / limitKB : 0
    const level: StorageLevel = ratio >= STORAGE_FULL_RATIO ? 'full' : ratio >= STORAGE_WARN_RATIO ? 'warn' : 'ok'
    return { usedKB, limitKB, level }
  }

  private async load(): Promise<Map<string, OutboxItem>> {
    if (this.items) return this.items
    const items = new Map<string, OutboxItem>()
    for (const key of (await this.storage.keys()).filter((k) => k.startsWith(this.prefix))) {
      const raw = await this.storage.get(key)
      if (raw) items.set(key.slice(this.prefix.length), JSON.parse(raw) as OutboxItem)
    }
    this.items = items
    return items
  }

  /** Storage first: if the write fails, memory does not claim a record that is not saved. */
  private async write(item: OutboxItem): Promise<void> {
    await this.storage.set(this.prefix + item.record.id, JSON.stringify(item))
    ;(await this.load()).set(item.record.id, item)
  }
}
