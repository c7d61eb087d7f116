// Unfinished uploads are swept once nobody has sent them a byte for UPLOAD_MAX_AGE_HOURS: on start, then every
// UPLOAD_SWEEP_EVERY_MINUTES, in every server process (which also forgets rate-limit counters a day old).
//
// Safe with several processes: a row is claimed by deleting it (DELETE … RETURNING hands each row to one
// sweeper only) before its bytes are removed, and removing bytes that are already gone is a no-op. An upload
// resumed after it was swept finds no row and is told to start again from 0 (MEDIA_OFFSET_MISMATCH).
// Parts the store holds without a row (a crash between writing a chunk and its row) go after the same age.
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'

export interface SweepResult {
  /** Upload rows removed, and parts removed that had no row. */
  uploads: number
  orphanParts: number
}

export async function sweepUploads(deps: { db: Db; blobs: BlobStore }, now: number, maxAgeMs: number): Promise<SweepResult> {
  const cutoff = now - maxAgeMs
  const stale = await deps.db.kysely.deleteFrom('media_uploads').where('updated_at', '<', cutoff).returning('sha256').execute()
  for (const { sha256 } of stale) await deps.blobs.removePart(sha256)
  let orphanParts = 0
  for (const part of await deps.blobs.listParts()) {
    if (part.modifiedAt >= cutoff) continue
    const row = await deps.db.kysely.selectFrom('media_uploads').select('updated_at').where('sha256', '=', part.uploadKey).executeTakeFirst()
    if (row) continue
    await deps.blobs.removePart(part.uploadKey)
    orphanParts++
  }
  return { uploads: stale.length, orphanParts }
}

/**
 * Rate-limit counters (request-window.ts, the public signing and feedback limits) whose window ended a day ago and
 * that lock nothing, so the table stays small; the login throttle's own rows follow the same rule.
 */
export async function forgetOldCounters(db: Db, now: number): Promise<void> {
  await db.kysely
    .deleteFrom('login_throttle')
    .where('window_start', '<', now - 24 * 3_600_000)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute()
}

/** Sweeps now and then every `everyMs`; `stop()` waits for a sweep under way. */
export function startUploadSweeper(
  deps: { db: Db; blobs: BlobStore; now: () => number },
  opts: { maxAgeMs: number; everyMs: number; log: (msg: string) => void; onError: (err: unknown) => void },
): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const run = () => {
    if (stopped) return
    running = running.then(async () => {
      if (stopped) return
      try {
        const r = await sweepUploads(deps, deps.now(), opts.maxAgeMs)
        await forgetOldCounters(deps.db, deps.now())
        if (r.uploads || r.orphanParts) opts.log(`已清理未传完的上传：${r.uploads} 个（另有无记录的残留 ${r.orphanParts} 个）`)
      } catch (err) {
        opts.onError(err)
      }
    })
  }
  run()
  const timer = setInterval(run, opts.everyMs)
  timer.unref()
  return {
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
