// One server process at a time works on an upload: a lease row per sha-256 in the database (media_upload_leases),
// so a resend racing the original on another process waits instead of appending the same bytes twice, inserting
// the same upload row twice or promoting a part the other process has just promoted.
//
// Taken by inserting the row (the primary key lets one insert win), given back by deleting it; a lease whose
// process died runs out after LEASE_MS and is taken over. Real time, not the app's clock: only processes compare it.
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'

const LEASE_MS = 30_000
/** How long a request waits for another process's turn before the phone is told to try later (429). */
const WAIT_MS = 10_000

export async function withUploadLease<T>(db: Db, sha: string, fn: () => Promise<T>): Promise<T> {
  const owner = randomUUID()
  const giveUpAt = Date.now() + WAIT_MS
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const now = Date.now()
    await db.kysely.deleteFrom('media_upload_leases').where('sha256', '=', sha).where('expires_at', '<', now).execute()
    const taken = await db.kysely
      .insertInto('media_upload_leases')
      .values({ sha256: sha, owner, expires_at: now + LEASE_MS })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('owner')
      .executeTakeFirst()
    if (taken) break
    if (now > giveUpAt) throw new AppError('RATE_LIMITED')
    await new Promise((r) => setTimeout(r, delay))
  }
  try {
    return await fn()
  } finally {
    await db.kysely.deleteFrom('media_upload_leases').where('sha256', '=', sha).where('owner', '=', owner).execute()
  }
}
