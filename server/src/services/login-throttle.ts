// Login failures counted in the database, per code and per client address, so a lockout holds across server
// processes. Example: the fifth wrong try of one code within 15 minutes locks that code for 15 minutes, on every
// process; the twentieth wrong try from one address locks the address (a town office or a mobile carrier's NAT
// shares one, hence the higher limit).
import { sql } from 'kysely'
import { formatChinaTime } from '@core/china-time'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { recordAudit } from './audit'

const MINUTE = 60_000
export const THROTTLE = {
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
  /** Failures within the window that lock a code (login or binding code). */
  perCode: 5,
  /** Failures within the window that lock a client address. */
  perClient: 20,
} as const

export interface ThrottleKey {
  key: string
  limit: number
}

/** The keys one attempt counts against: the code typed (its hash; never the code itself) and the client address. */
export function throttleKeys(kind: 'code' | 'bind', codeHash: string, ip: string): ThrottleKey[] {
  return [
    { key: `${kind}:${codeHash}`, limit: THROTTLE.perCode },
    { key: `ip:${ip}`, limit: THROTTLE.perClient },
  ]
}

/** When the lock on any of the keys ends, or null while none is locked. */
export async function lockedUntil(db: Db, keys: ThrottleKey[], now: number): Promise<number | null> {
  const row = await db.kysely
    .selectFrom('login_throttle')
    .select((eb) => eb.fn.max('locked_until').as('until'))
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .where('locked_until', '>', now)
    .executeTakeFirst()
  return row?.until == null ? null : Number(row.until)
}

/**
 * Counts one failure against every key; one that reaches its limit locks. Returns the lock's end when a key is now
 * locked, null otherwise. One statement per key, so concurrent failures on several processes all count.
 */
export async function recordFailure(db: Db, keys: ThrottleKey[], now: number): Promise<number | null> {
  let lockedUntil: number | null = null
  for (const { key, limit } of keys) {
    // A window that has run out, or a lock that has ended, starts counting afresh.
    const fresh = sql<boolean>`(login_throttle.window_start <= ${now - THROTTLE.windowMs} OR login_throttle.locked_until <= ${now})`
    const failures = sql<number>`CASE WHEN ${fresh} THEN 1 ELSE login_throttle.failures + 1 END`
    const row = await db.kysely
      .insertInto('login_throttle')
      .values({ key, window_start: now, failures: 1, locked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures,
          window_start: sql`CASE WHEN ${fresh} THEN ${now} ELSE login_throttle.window_start END`,
          locked_until: sql`CASE WHEN ${failures} >= ${limit} THEN ${now + THROTTLE.lockMs} WHEN ${fresh} THEN NULL ELSE login_throttle.locked_until END`,
        }),
      )
      .returning(['failures', 'locked_until'])
      .executeTakeFirstOrThrow()
    const until = row.locked_until == null ? null : Number(row.locked_until)
    if (until === null || until <= now || Number(row.failures) < limit) continue
    lockedUntil = Math.max(lockedUntil ?? 0, until)
    // Concurrent failures past the limit are refused too; the lock itself is recorded once.
    if (Number(row.failures) === limit) {
      await recordAudit(db.kysely, {
        at: now,
        userId: null,
        action: 'login.locked',
        entity: 'login',
        detail: { key: key.startsWith('ip:') ? key : key.split(':')[0], failures: limit, until },
      })
    }
  }
  if (lockedUntil !== null) await forgetStale(db, now)
  return lockedUntil
}

/** Rows of windows and locks long over; kept small so lookups stay cheap. */
async function forgetStale(db: Db, now: number): Promise<void> {
  await db.kysely
    .deleteFrom('login_throttle')
    .where('window_start', '<', now - 24 * 60 * MINUTE)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute()
}

/** The 429 with the China time to try again (its ISO form in details, the seconds in Retry-After by the route). */
export function lockedError(until: number, now: number): AppError {
  const minutes = Math.max(1, Math.ceil((until - now) / MINUTE))
  return new AppError('LOGIN_LOCKED', `登录失败次数过多，已暂停登录。请在 ${formatChinaTime(until).slice(11)}（约 ${minutes} 分钟后）再试`, {
    retryAt: new Date(until).toISOString(),
  })
}
