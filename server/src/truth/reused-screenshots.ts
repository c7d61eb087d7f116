// The reused-screenshot flag: an install-proof screenshot that is also the proof of another resident's install. The
// same file is found by its sha-256; a re-saved, resized, cropped or re-status-barred copy by its fingerprint
// (screenshot-print.ts), compared with the counted install screenshots of the same village.
import type { Kysely } from 'kysely'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { Database } from '../db/schema'
import { counted } from '../queries/counted-records'
import type { FlagToRaise } from './review'

export const REUSED_SCREENSHOT = 'reused_screenshot'

interface InstallShot {
  recordId: string
  residentId: string
  householdId: string
  sha: string
}

/** Flags each pair of installs of different residents that share a screenshot, both ways, naming the other one. */
export async function sameFileFlags(trx: Kysely<Database>, recordIds: string[]): Promise<FlagToRaise[]> {
  if (recordIds.length === 0) return []
  const mine = await installShots(trx, (q) => q.where('r.id', 'in', recordIds))
  if (mine.length === 0) return []
  const others = await installShots(trx, (q) => q.where('rm.sha256', 'in', [...new Set(mine.map((s) => s.sha))]))
  const flags: FlagToRaise[] = []
  for (const a of mine) {
    for (const b of others) {
      if (b.sha !== a.sha || b.residentId === a.residentId) continue
      flags.push(pairFlag(a, b, { match: 'same_file' }), pairFlag(b, a, { match: 'same_file' }))
    }
  }
  return flags
}

export function pairFlag(a: InstallShot, b: InstallShot, detail: Record<string, unknown>): FlagToRaise {
  return {
    recordId: a.recordId,
    kind: REUSED_SCREENSHOT,
    evidence: { sha: a.sha, otherRecordId: b.recordId, otherSha: b.sha, otherHouseholdId: b.householdId, otherResidentId: b.residentId, ...detail },
  }
}

type ShotQuery = ReturnType<typeof shotQuery>

function shotQuery(trx: Kysely<Database>) {
  return trx
    .selectFrom('record_media as rm')
    .innerJoin('records as r', 'r.id', 'rm.record_id')
    .select(['r.id', 'r.body', 'r.household_id', 'rm.sha256'])
    .where('r.kind', '=', 'install')
    .where(counted('r'))
}

export async function installShots(trx: Kysely<Database>, narrow: (q: ShotQuery) => ShotQuery): Promise<InstallShot[]> {
  const rows = await narrow(shotQuery(trx)).execute()
  return rows.map((r) => ({
    recordId: r.id,
    residentId: parseStoredRecord('install', r.body).body.residentId,
    householdId: r.household_id,
    sha: r.sha256,
  }))
}
