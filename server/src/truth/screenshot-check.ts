// Near-duplicate install screenshots: once a screenshot's bytes and the install record naming it have both arrived
// (in either order), its fingerprint is taken and compared with the other counted install screenshots of the
// village. A match with another resident's screenshot flags both installs; the same file is the ingest's own check
// (reused-screenshots.ts), so only different files are compared here.
import type { Kysely } from 'kysely'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { counted } from '../queries/counted-records'
import { raiseFlags, type FlagToRaise } from './review'
import { pairFlag } from './reused-screenshots'
import { printDistance, REUSED_SCREENSHOT_MAX_DISTANCE, screenshotPrint } from './screenshot-print'

/**
 * What a new screenshot is compared with: the village's install screenshots of the last 90 days, newest first, at
 * most 1,000 (a reuse pads this campaign's figures; a comparison costs about a millisecond, bench/README.md).
 */
const COMPARE_WINDOW_MS = 90 * 24 * 3600_000
const COMPARE_LIMIT = 1_000
const SWEEP_BATCH = 200
const YIELD_EVERY = 20

export interface ScreenshotCheckDeps {
  db: Db
  blobs: BlobStore
  now: () => number
}

interface PrintedShot {
  recordId: string
  residentId: string
  householdId: string
  villageId: string
  sha: string
  print: string
}

/** Fingerprints the install screenshots among `shas` that lack one, then flags near-duplicates in their villages. */
export async function checkScreenshots(deps: ScreenshotCheckDeps, shas: string[]): Promise<void> {
  const printed = await printInstallShots(deps, [...new Set(shas)])
  if (printed.length === 0) return
  const mine = await printedShots(deps.db.kysely, (q) => q.where('rm.sha256', 'in', printed))
  const villages = [...new Set(mine.map((s) => s.villageId))]
  const since = deps.now() - COMPARE_WINDOW_MS
  const others = await printedShots(deps.db.kysely, (q) =>
    q.where('rm.village_id', 'in', villages).where('r.received_at', '>=', since).orderBy('r.received_at', 'desc').limit(COMPARE_LIMIT),
  )
  const flags: FlagToRaise[] = []
  let compared = 0
  for (const a of mine) {
    for (const b of others) {
      if (b.villageId !== a.villageId || b.residentId === a.residentId || b.sha === a.sha) continue
      // A comparison is about a millisecond of CPU: let requests in between, so a large village never stalls them.
      if (++compared % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
      const distance = printDistance(a.print, b.print)
      if (distance > REUSED_SCREENSHOT_MAX_DISTANCE) continue
      const detail = { match: 'near_duplicate', distance: Math.round(distance * 10) / 10 }
      flags.push(pairFlag(a, b, detail), pairFlag(b, a, detail))
    }
  }
  if (flags.length) await deps.db.kysely.transaction().execute((trx) => raiseFlags(trx, flags, deps.now()))
}

/** Takes the print of each stored file an install record names and that has none yet; returns those printed. */
async function printInstallShots(deps: ScreenshotCheckDeps, shas: string[]): Promise<string[]> {
  if (shas.length === 0) return []
  const pending = await deps.db.kysely
    .selectFrom('media as m')
    .select('m.sha256')
    .where('m.sha256', 'in', shas)
    .where('m.print', 'is', null)
    .where((eb) =>
      eb.exists(eb.selectFrom('record_media as rm').innerJoin('records as r', 'r.id', 'rm.record_id').select('rm.sha256').whereRef('rm.sha256', '=', 'm.sha256').where('r.kind', '=', 'install')),
    )
    .execute()
  const done: string[] = []
  for (const { sha256 } of pending) {
    const bytes = await readAll(deps.blobs, sha256)
    if (!bytes) continue
    // An image sharp cannot read gets an empty print: it is never compared, and never tried again.
    const print = await screenshotPrint(bytes).catch(() => '')
    await deps.db.kysely.updateTable('media').set({ print }).where('sha256', '=', sha256).where('print', 'is', null).execute()
    if (print) done.push(sha256)
  }
  return done
}

async function readAll(blobs: BlobStore, sha: string): Promise<Buffer | null> {
  const stream = await blobs.get(sha)
  if (!stream) return null
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

type ShotQuery = ReturnType<typeof shotQuery>

function shotQuery(k: Kysely<Database>) {
  return k
    .selectFrom('record_media as rm')
    .innerJoin('records as r', 'r.id', 'rm.record_id')
    .innerJoin('media as m', 'm.sha256', 'rm.sha256')
    .select(['r.id', 'r.body', 'r.household_id', 'r.village_id', 'rm.sha256', 'm.print'])
    .where('r.kind', '=', 'install')
    .where('m.print', 'is not', null)
    .where('m.print', '<>', '')
    .where(counted('r'))
}

async function printedShots(k: Kysely<Database>, narrow: (q: ShotQuery) => ShotQuery): Promise<PrintedShot[]> {
  const rows = await narrow(shotQuery(k)).execute()
  return rows.map((r) => ({
    recordId: r.id,
    residentId: (JSON.parse(r.body) as { body: { residentId: string } }).body.residentId,
    householdId: r.household_id,
    villageId: r.village_id,
    sha: r.sha256,
    print: r.print!,
  }))
}

/** The screenshots of the given install records (those a push has just stored). */
export async function installShas(db: Db, recordIds: string[]): Promise<string[]> {
  if (recordIds.length === 0) return []
  const rows = await db.kysely
    .selectFrom('record_media as rm')
    .innerJoin('records as r', 'r.id', 'rm.record_id')
    .select('rm.sha256')
    .where('r.id', 'in', recordIds)
    .where('r.kind', '=', 'install')
    .execute()
  return rows.map((r) => r.sha256)
}

/** Install screenshots stored without a print: checks a restart or a failure left undone, a batch at a time. */
export async function checkUnprinted(deps: ScreenshotCheckDeps): Promise<void> {
  const rows = await deps.db.kysely
    .selectFrom('media as m')
    .innerJoin('record_media as rm', 'rm.sha256', 'm.sha256')
    .innerJoin('records as r', 'r.id', 'rm.record_id')
    .select('m.sha256')
    .distinct()
    .where('m.print', 'is', null)
    .where('r.kind', '=', 'install')
    .limit(SWEEP_BATCH)
    .execute()
  await checkScreenshots(deps, rows.map((r) => r.sha256))
}
