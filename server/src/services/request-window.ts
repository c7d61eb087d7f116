// Requests counted per key in a fixed window, in the login throttle's table, so a limit holds across server
// processes and restarts. Example: a signing link's sixth feedback within the hour is refused; the window that
// started with the first one ends an hour later and counting starts afresh.
import { sql } from 'kysely'
import type { Db } from '../db/database'

export interface RequestLimit {
  /** Distinct from the login throttle's keys (`code:`, `bind:`, `ip:`), e.g. `feedback:link:<nonce>`. */
  key: string
  limit: number
  windowMs: number
}

/** Counts one request against every limit; false when any of them is now over. */
export async function allowRequest(db: Db, limits: RequestLimit[], now: number): Promise<boolean> {
  let allowed = true
  for (const { key, limit, windowMs } of limits) {
    const fresh = sql<boolean>`(login_throttle.window_start <= ${now - windowMs})`
    const row = await db.kysely
      .insertInto('login_throttle')
      .values({ key, window_start: now, failures: 1, locked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`CASE WHEN ${fresh} THEN 1 ELSE login_throttle.failures + 1 END`,
          window_start: sql`CASE WHEN ${fresh} THEN ${now} ELSE login_throttle.window_start END`,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow()
    if (Number(row.failures) > limit) allowed = false
  }
  return allowed
}
