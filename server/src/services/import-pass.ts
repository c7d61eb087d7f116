// What the three imports share: one pass over the rows (the check writes nothing but its own bookkeeping, the apply
// writes), the counts it keeps, and the area tree it resolves names in.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { AreaIndex, type AreaNode } from '@core/imports/area-index'
import type { ImportKind } from '@core/imports/columns'
import type { StoredCells } from '@core/imports/rows'
import { uuidv7 } from '@core/ids'
import type { EntityCounts, ImportCounts, RowOutcome } from '@core/schemas/imports'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'

export type PassMode = 'check' | 'apply'

export interface PassJob {
  id: string
  kind: ImportKind
  areaId: string
  countyId: string
  userId: string
}

export interface PassContext {
  db: Db
  job: PassJob
  mode: PassMode
  now: number
  /** China year of the pass: ages become birth years against it. */
  thisYear: number
  /** The server's clock, for the job's heartbeat. */
  clock: () => number
  counts: ImportCounts
}

export interface PassRow {
  rowNo: number
  source: string
  cells: StoredCells
}

export interface RowResult {
  outcome: RowOutcome
  message: string
}

export interface ImportHandler<S> {
  /** The kinds of thing it counts (areas, users, households, residents). */
  entities: readonly string[]
  begin(ctx: PassContext): Promise<S>
  /** One batch in one transaction: a result per row, in order; in the apply, its writes. */
  batch(trx: Kysely<Database>, ctx: PassContext, state: S, rows: PassRow[]): Promise<RowResult[]>
  /** After the last row (the register: households and residents the file no longer lists). */
  finish(ctx: PassContext, state: S): Promise<void>
}

export function emptyCounts(entities: readonly string[]): ImportCounts {
  const zero = (): EntityCounts => ({ created: 0, updated: 0, unchanged: 0, offRegister: 0, removed: 0 })
  return { rows: { total: 0, created: 0, updated: 0, unchanged: 0, refused: 0 }, entities: Object.fromEntries(entities.map((e) => [e, zero()])) }
}

export function bump(counts: ImportCounts, entity: string, field: keyof EntityCounts, n = 1): void {
  counts.entities[entity][field] += n
}

export function refused(message: string): RowResult {
  return { outcome: 'refused', message }
}

const LOCK_RETRIES = 24
const LOCK_RETRY_MS = 5_000

/** SQLite's "database is locked": another connection (the ranking worker, a second server process) held the write lock past busy_timeout. */
function isLockTimeout(err: unknown): boolean {
  return (err as { code?: string })?.code === 'SQLITE_BUSY'
}

/**
 * A pass's transaction: it first writes the job's heartbeat, which takes the write lock before anything else is
 * read or done; only that step is retried when another writer holds the lock too long (up to two minutes), so a
 * retry never repeats a half-done batch.
 */
export async function passTransaction<T>(ctx: PassContext, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let locked = false
    try {
      return await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx.updateTable('imports').set({ updated_at: ctx.clock() }).where('id', '=', ctx.job.id).execute()
        locked = true
        return fn(trx)
      })
    } catch (err) {
      if (locked || attempt >= LOCK_RETRIES || !isLockTimeout(err)) throw err
      await new Promise((r) => setTimeout(r, LOCK_RETRY_MS * Math.random()))
    }
  }
}

/** Runs a step that may simply be run again (a delete, an update to a fixed value) until the write lock is had. */
export async function retryOnLock<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      if (attempt >= LOCK_RETRIES || !isLockTimeout(err)) throw err
      await new Promise((r) => setTimeout(r, LOCK_RETRY_MS * Math.random()))
    }
  }
}

export function newId(now: number): string {
  return uuidv7(now, (n) => randomBytes(n))
}

/** The import's area and every area below it. */
export async function loadAreaIndex(db: Kysely<Database>, areaId: string): Promise<AreaIndex> {
  const root = await db.selectFrom('areas').selectAll().where('id', '=', areaId).executeTakeFirstOrThrow()
  const column = ({ county: 'county_id', town: 'town_id', village: 'village_id' } as const)[root.level as 'county']
  const below = root.level === 'grid' ? [] : await db.selectFrom('areas').selectAll().where(column, '=', root.id).execute()
  const node = (a: typeof root): AreaNode => ({ id: a.id, level: a.level, parentId: a.parent_id, name: a.name })
  return new AreaIndex(node(root), below.map(node))
}

/** A new row for `areas` under `parent` (whose own row gives the ids of the levels above). */
export function areaPlace(index: AreaIndex, node: AreaNode, countyId: string) {
  return {
    county_id: countyId,
    town_id: index.ancestorAt(node, 'town')?.id ?? null,
    village_id: index.ancestorAt(node, 'village')?.id ?? null,
  }
}
