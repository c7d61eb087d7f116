// Import jobs: an upload is checked (试导入) and later applied, each pass in the background in batches, with
// progress in the job row the app polls.
//
// - Upload: the file streams to a temp file (imports/spool.ts); the job row is made and the answer goes back at once
//   (201, status checking); the check runs in this process.
// - Check: reads the file as a stream, BATCH rows at a time, each batch in one transaction: the rows are stored in
//   import_rows as read (the ID-number column already turned into a birth year and gender, and dropped) with what
//   the apply would do; nothing else is written but the pass's own keys. The temp file is deleted when the check
//   ends, whatever the end. Memory stays flat: a batch, the area tree, no list of the whole file.
// - Apply (POST /imports/:id/apply): the stored rows again, BATCH at a time, now writing — from any server process,
//   since it needs only the database. The database as it is then decides: a row the check refused may go in (its
//   grid was imported meanwhile) and the other way round; import_rows then says what the apply did. Idempotent: an
//   apply cut off by a restart can be run again, and the rows already in change nothing.
// - One apply per county at a time; a job that stops moving for STALE_MS was cut off by a restart.
// - The rows (names, phones) of an import are dropped after KEEP_MS; the job row and its counts stay.
import { PassThrough, type Writable } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'
import { sql, type Kysely } from 'kysely'
import { DAY_MS, chinaDate, chinaYear } from '@core/china-time'
import { IMPORT_KIND_LABEL, type ImportKind } from '@core/imports/columns'
import type { StoredCells } from '@core/imports/rows'
import type { ImportCounts, ImportJob, ImportRow, ImportStatus, RowOutcome } from '@core/schemas/imports'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import type { UserContext } from '../auth/user-context'
import { AppError } from '../http/app-error'
import type { FileName } from '../http/file-reply'
import { detectFormat, openTable, type TableFormat, type TableRow } from '../imports/table-reader'
import { removeSpool, sweepLeftovers, type SpooledFile } from '../imports/spool'
import {
  busyApply,
  clearPass,
  dropOldImportData,
  findJob,
  insertJob,
  insertRows,
  jobsWithin,
  moveJob,
  rowsAfter,
  setRowOutcome,
  updateJob,
  type ImportJobRow,
} from '../queries/imports'
import { areaInScope, isWithin, type Area } from './areas'
import { recordAudit } from './audit'
import { areasImport } from './import-areas'
import { emptyCounts, newId, passTransaction, retryOnLock, type ImportHandler, type PassContext, type PassJob, type PassRow } from './import-pass'
import { registerImport } from './import-register'
import { staffImport } from './import-staff'
import { writeImportReport } from './import-files'

/** A register of 1,200,000 residents is about 100 MB of CSV. */
export const IMPORT_MAX_BYTES = 256 * 1024 * 1024
export const IMPORT_BATCH = 1000
const STALE_MS = 10 * 60_000
const KEEP_MS = 7 * DAY_MS
const LIST_LIMIT = 20

const HANDLERS: Record<ImportKind, ImportHandler<unknown>> = {
  areas: areasImport as ImportHandler<unknown>,
  staff: staffImport as ImportHandler<unknown>,
  register: registerImport as ImportHandler<unknown>,
}

/** The passes under way in this process; closing the server stops them between batches. */
export class ImportRunner {
  private readonly running = new Set<Promise<void>>()
  closing = false

  constructor(private readonly log: FastifyBaseLogger) {}

  run(task: () => Promise<void>): void {
    const p = task()
      .catch((err) => this.log.error({ err: { message: (err as Error).message } }, 'import pass failed'))
      .finally(() => this.running.delete(p))
    this.running.add(p)
  }

  /** Resolves when every pass has ended (for tests: when the job in hand is done). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running])
  }

  async close(): Promise<void> {
    this.closing = true
    await this.idle()
  }
}

export interface ImportDeps {
  db: Db
  now: () => number
  runner: ImportRunner
  log: FastifyBaseLogger
}

class Interrupted extends Error {}

/** Checks an uploaded file in the background; the job comes back at once. The upload is the job's from here on. */
export async function startImport(deps: ImportDeps, user: UserContext, kind: ImportKind, area: Area, upload: SpooledFile, fileName: string | undefined): Promise<ImportJob> {
  const { db } = deps
  let format: TableFormat
  try {
    format = detectFormat(upload.head)
  } catch (err) {
    removeSpool(upload.path)
    throw err
  }
  const now = deps.now()
  // File times are the machine's clock, not the injected one (a test's or a replay's).
  sweepLeftovers(Date.now())
  await dropOldImportData(db.kysely, now - KEEP_MS)
  const job: ImportJobRow = {
    id: newId(now),
    kind,
    area_id: area.id,
    county_id: area.county_id,
    user_id: user.id,
    file_name: (fileName || `${IMPORT_KIND_LABEL[kind]}.${format}`).slice(0, 200),
    file_bytes: upload.bytes,
    file_sha256: upload.sha256,
    status: 'checking',
    processed_rows: 0,
    total_rows: null,
    progress: 0,
    columns: '[]',
    check_counts: null,
    apply_counts: null,
    error_code: null,
    error_message: null,
    created_at: now,
    updated_at: now,
    checked_at: null,
    applied_at: null,
  }
  await db.kysely.transaction().execute(async (trx) => {
    await insertJob(trx, job)
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'import.upload',
      entity: 'import',
      entityId: job.id,
      detail: { kind, areaId: area.id, fileName: job.file_name, bytes: upload.bytes, sha256: upload.sha256 },
    })
  })
  deps.runner.run(() => runCheck(deps, job, upload.path, format))
  return toView(job, area.name, now)
}

function passJob(job: ImportJobRow): PassJob {
  return { id: job.id, kind: job.kind, areaId: job.area_id, countyId: job.county_id, userId: job.user_id }
}

function newContext(deps: ImportDeps, job: ImportJobRow, mode: PassContext['mode']): PassContext {
  const now = deps.now()
  return { db: deps.db, job: passJob(job), mode, now, thisYear: chinaYear(now), clock: deps.now, counts: emptyCounts(HANDLERS[job.kind].entities) }
}

function tally(counts: ImportCounts, outcome: RowOutcome): void {
  counts.rows.total++
  counts.rows[outcome]++
}

async function runCheck(deps: ImportDeps, job: ImportJobRow, file: string, format: TableFormat): Promise<void> {
  const { db } = deps
  const handler = HANDLERS[job.kind]
  const ctx = newContext(deps, job, 'check')
  try {
    const reader = openTable(file, format, job.kind, ctx.thisYear)
    const state = await handler.begin(ctx)
    let processed = 0
    let batch: TableRow[] = []
    let batches = 0
    const flush = async () => {
      const rows = batch
      batch = []
      await refreshStatistics(deps, 'check', ++batches)
      await passTransaction(ctx, async (trx) => {
        const results = await handler.batch(trx, ctx, state, rows)
        await insertRows(
          trx,
          rows.map((r, k) => ({
            import_id: job.id,
            row_no: r.rowNo,
            source: r.source,
            cells: JSON.stringify(r.cells),
            outcome: results[k].outcome,
            message: results[k].message,
          })),
        )
        for (const r of results) tally(ctx.counts, r.outcome)
        processed += rows.length
        await updateJob(trx, job.id, {
          processed_rows: processed,
          progress: reader.progress(),
          columns: JSON.stringify(reader.columns()),
          updated_at: deps.now(),
        })
      })
      if (deps.runner.closing) throw new Interrupted()
    }
    for await (const row of reader.rows()) {
      batch.push(row)
      if (batch.length >= IMPORT_BATCH) await flush()
    }
    if (batch.length) await flush()
    await handler.finish(ctx, state)
    await retryOnLock(() => clearPass(db.kysely, job.id, false))
    const at = deps.now()
    await passTransaction(ctx, (trx) =>
      updateJob(trx, job.id, {
        status: 'checked',
        processed_rows: processed,
        total_rows: processed,
        progress: 1,
        columns: JSON.stringify(reader.columns()),
        check_counts: JSON.stringify(ctx.counts),
        checked_at: at,
        updated_at: at,
      }),
    )
  } catch (err) {
    await fail(deps, job.id, err)
  } finally {
    removeSpool(file)
  }
}

async function fail(deps: ImportDeps, id: string, err: unknown): Promise<void> {
  let code: string
  let message: string
  if (err instanceof AppError) {
    code = err.code
    message = err.message
  } else if (err instanceof Interrupted) {
    code = 'IMPORT_INTERRUPTED'
    message = new AppError('IMPORT_INTERRUPTED').message
  } else {
    // The message only: a row's content never goes to the log.
    deps.log.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'import failed')
    code = 'INTERNAL'
    message = new AppError('INTERNAL').message
  }
  await retryOnLock(() => clearPass(deps.db.kysely, id, false)).catch(() => undefined)
  await retryOnLock(() => updateJob(deps.db.kysely, id, { status: 'failed', error_code: code, error_message: message, updated_at: deps.now() }))
}

/** Starts the apply of a checked import (or again, after a failed or cut-off apply). */
export async function applyImport(deps: ImportDeps, user: UserContext, id: string): Promise<ImportJob> {
  const { db } = deps
  const { job, area } = await jobInScope(db, user, id)
  const now = deps.now()
  if (job.status === 'applied') throw new AppError('IMPORT_ALREADY_APPLIED')
  if (job.created_at < now - KEEP_MS) throw new AppError('IMPORT_EXPIRED')
  const stale = isStale(job, now)
  const canApply = job.status === 'checked' || (job.check_counts !== null && (job.status === 'failed' || (job.status === 'applying' && stale)))
  if (!canApply) throw new AppError(job.status === 'applying' ? 'IMPORT_BUSY' : 'IMPORT_NOT_CHECKED')
  const moved = await db.kysely.transaction().execute(async (trx) => {
    // One apply per county: the county's row orders two starts on PostgreSQL (SQLite writes one at a time).
    if (db.dialect === 'postgres') await trx.selectFrom('areas').select('id').where('id', '=', job.county_id).forUpdate().execute()
    if (await busyApply(trx, job.county_id, job.id, now - STALE_MS)) throw new AppError('IMPORT_BUSY')
    return moveJob(trx, job.id, [job.status], {
      status: 'applying',
      processed_rows: 0,
      progress: 0,
      error_code: null,
      error_message: null,
      updated_at: now,
    })
  })
  if (!moved) throw new AppError('IMPORT_BUSY')
  const applying: ImportJobRow = { ...job, status: 'applying', processed_rows: 0, progress: 0, error_code: null, error_message: null, updated_at: now }
  deps.runner.run(() => runApply(deps, applying, user))
  return toView(applying, area.name, now)
}

async function runApply(deps: ImportDeps, job: ImportJobRow, user: UserContext): Promise<void> {
  const { db } = deps
  const handler = HANDLERS[job.kind]
  const ctx = newContext(deps, job, 'apply')
  try {
    await retryOnLock(() => clearPass(db.kysely, job.id, true))
    const state = await handler.begin(ctx)
    const total = job.total_rows ?? 0
    let processed = 0
    let after = 0
    let batches = 0
    for (;;) {
      await refreshStatistics(deps, 'apply', ++batches)
      const page = await rowsAfter(db.kysely, job.id, after, IMPORT_BATCH)
      if (!page.length) break
      after = page[page.length - 1].row_no
      const rows: PassRow[] = page.map((r) => ({ rowNo: r.row_no, source: r.source, cells: JSON.parse(r.cells) as StoredCells }))
      await passTransaction(ctx, async (trx) => {
        const results = await handler.batch(trx, ctx, state, rows)
        for (const [k, r] of results.entries()) {
          tally(ctx.counts, r.outcome)
          if (r.outcome !== page[k].outcome || r.message !== page[k].message) await setRowOutcome(trx, job.id, page[k].row_no, r.outcome, r.message)
        }
        processed += page.length
        await updateJob(trx, job.id, { processed_rows: processed, progress: total ? Math.min(1, processed / total) : 0, updated_at: deps.now() })
      })
      if (deps.runner.closing) throw new Interrupted()
    }
    await handler.finish(ctx, state)
    await retryOnLock(() => clearPass(db.kysely, job.id, false))
    const at = deps.now()
    await passTransaction(ctx, async (trx) => {
      await updateJob(trx, job.id, { status: 'applied', progress: 1, processed_rows: processed, apply_counts: JSON.stringify(ctx.counts), applied_at: at, updated_at: at })
      await recordAudit(trx, {
        at,
        userId: user.id,
        action: 'import.apply',
        entity: 'import',
        entityId: job.id,
        detail: { kind: job.kind, areaId: job.area_id, fileName: job.file_name, sha256: job.file_sha256, counts: ctx.counts },
      })
    })
  } catch (err) {
    await fail(deps, job.id, err)
  }
}

/**
 * PostgreSQL plans the pass's lookups (and the apply's grid recounts) from table statistics, which autovacuum may not
 * have gathered on tables a pass fills by the million, or at all where it is switched off: without them a grid's
 * recount scanned every resident (10 s a batch at 400,000). Gathered early in a pass and then every 200 batches.
 */
async function refreshStatistics(deps: ImportDeps, mode: PassContext['mode'], batch: number): Promise<void> {
  if (deps.db.dialect !== 'postgres' || (batch !== 5 && batch % 200 !== 0)) return
  if (mode === 'apply') await sql`analyze import_keys, import_rows, households, residents`.execute(deps.db.kysely)
  else await sql`analyze import_keys, import_rows`.execute(deps.db.kysely)
}

function isStale(job: ImportJobRow, now: number): boolean {
  return (job.status === 'checking' || job.status === 'applying') && job.updated_at < now - STALE_MS
}

/** The job if it is for the caller's area or one inside it; an unknown id is refused the same way. */
export async function jobInScope(db: Db, user: UserContext, id: string): Promise<{ job: ImportJobRow; area: Area }> {
  const job = await findJob(db.kysely, id)
  const area = job && (await db.kysely.selectFrom('areas').selectAll().where('id', '=', job.area_id).executeTakeFirst())
  if (!job || !area || !isWithin(area, user.areaId, user.areaLevel)) throw new AppError('FORBIDDEN')
  return { job, area }
}

export function toView(job: ImportJobRow, areaName: string, now: number): ImportJob {
  const stale = isStale(job, now)
  const status: ImportStatus = stale ? 'failed' : job.status
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  const interrupted = new AppError('IMPORT_INTERRUPTED')
  return {
    id: job.id,
    kind: job.kind,
    areaId: job.area_id,
    areaName,
    fileName: job.file_name,
    fileBytes: job.file_bytes,
    status,
    processedRows: job.processed_rows,
    totalRows: job.total_rows,
    progress: job.progress,
    columns: JSON.parse(job.columns) as string[],
    check: job.check_counts ? (JSON.parse(job.check_counts) as ImportCounts) : null,
    apply: job.apply_counts ? (JSON.parse(job.apply_counts) as ImportCounts) : null,
    error: stale ? { code: interrupted.code, message: interrupted.message } : job.error_code ? { code: job.error_code, message: job.error_message ?? '' } : null,
    createdAt: new Date(job.created_at).toISOString(),
    checkedAt: iso(job.checked_at),
    appliedAt: iso(job.applied_at),
  }
}

export async function importView(deps: ImportDeps, user: UserContext, id: string): Promise<ImportJob> {
  const { job, area } = await jobInScope(deps.db, user, id)
  return toView(job, area.name, deps.now())
}

export async function listImports(deps: ImportDeps, user: UserContext, areaId: string | undefined): Promise<ImportJob[]> {
  const area = await areaInScope(deps.db, user, areaId)
  const jobs = await jobsWithin(deps.db.kysely, area.id, area.level, LIST_LIMIT)
  const names = await areaNames(deps.db.kysely, jobs.map((j) => j.area_id))
  const now = deps.now()
  return jobs.map((j) => toView(j, names.get(j.area_id) ?? '', now))
}

async function areaNames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('areas').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export async function importRowsPage(
  deps: ImportDeps,
  user: UserContext,
  id: string,
  q: { outcome: RowOutcome; after: number; limit: number },
): Promise<{ rows: ImportRow[]; hasMore: boolean }> {
  await jobInScope(deps.db, user, id)
  const page = await rowsAfter(deps.db.kysely, id, q.after, q.limit + 1, q.outcome)
  return {
    rows: page.slice(0, q.limit).map((r) => ({
      rowNo: r.row_no,
      source: r.source,
      outcome: r.outcome,
      message: r.message,
      cells: (JSON.parse(r.cells) as StoredCells).c,
    })),
    hasMore: page.length > q.limit,
  }
}

/** The report of a checked (or applied) import as a stream; refused once its rows are gone. */
export async function importReport(deps: ImportDeps, user: UserContext, id: string, log: FastifyBaseLogger): Promise<{ body: PassThrough; fileName: FileName }> {
  const { job, area } = await jobInScope(deps.db, user, id)
  const now = deps.now()
  if (job.status === 'checking' || (job.status === 'failed' && job.check_counts === null)) throw new AppError('IMPORT_NOT_CHECKED')
  if (job.created_at < now - KEEP_MS) throw new AppError('IMPORT_EXPIRED')
  const body = new PassThrough()
  writeImportReport(deps.db.kysely, job, area.name, body as Writable).catch((err) => {
    log.error({ err: { message: (err as Error).message } }, 'import report failed')
    body.destroy(err as Error)
  })
  const date = chinaDate(job.created_at)
  return {
    body,
    fileName: { utf8: `${IMPORT_KIND_LABEL[job.kind].replace(/（.*）/, '')}导入报告_${area.name}_${date}.xlsx`, ascii: `import-report-${job.kind}-${date}.xlsx` },
  }
}
