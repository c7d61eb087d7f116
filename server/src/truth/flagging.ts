// Automatic flags on records as they arrive, inside the push's transaction: each names its evidence, none changes
// or refuses a record; a flagged record waits for review as 待核查 and keeps counting until found 不属实.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { raiseFlags } from './review'
import { sameFileFlags } from './reused-screenshots'

/** Checks the records a push has just stored. */
export async function flagArrivals(trx: Kysely<Database>, recordIds: string[], receivedAt: number): Promise<void> {
  if (recordIds.length === 0) return
  await raiseFlags(trx, await sameFileFlags(trx, recordIds), receivedAt)
}
