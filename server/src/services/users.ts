// Accounts and sessions: login codes, WeChat openid binding with one-time codes, bearer-token sessions.
import type { Kysely } from 'kysely'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { userContextOf, type UserContext } from '../auth/user-context'
import { sha256Hex } from '@core/hash'
import { hashCode, randomToken } from '../auth/secrets'
import { codeHashes } from '../auth/codes'
import { AppError } from '../http/app-error'
import { recordAudit } from './audit'

const DAY = 24 * 3600_000

function userQuery(k: Kysely<Database>) {
  return k
    .selectFrom('users')
    .innerJoin('areas', 'areas.id', 'users.area_id')
    .select(['users.id', 'users.name', 'users.role', 'users.area_id', 'areas.name as area_name', 'areas.level as area_level', 'users.deactivated_at'])
}

type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>

/** A stopped account is told so (its holder has the right code; guessing gains nothing from the answer). */
function activeContext(row: UserRow | undefined): UserContext | null {
  if (!row) return null
  if (row.deactivated_at !== null) throw new AppError('ACCOUNT_DISABLED')
  return userContextOf(row)
}

export async function findUserByLoginCode(db: Db, code: string): Promise<UserContext | null> {
  return activeContext(await userQuery(db.kysely).where('users.login_code_hash', 'in', codeHashes(code)).executeTakeFirst())
}

export async function findUserByOpenid(db: Db, openid: string): Promise<UserContext | null> {
  return activeContext(await userQuery(db.kysely).where('users.wx_openid', '=', openid).executeTakeFirst())
}

/**
 * Binds a WeChat openid to the active account holding this unexpired binding code and uses the code up, in one
 * conditional UPDATE: of ten requests racing with one code, exactly one changes the row (PostgreSQL re-checks the
 * WHERE after waiting for the winner's row lock and finds the code gone). A person who had bound another WeChat
 * account before (a new phone) moves to this one.
 */
export async function bindOpenid(db: Db, bindCode: string, openid: string, now: number): Promise<UserContext | null> {
  return db.kysely.transaction().execute(async (trx) => {
    const bound = await trx
      .updateTable('users')
      .set({ wx_openid: openid, bind_code_hash: null, bind_code_expires_at: null })
      .where('bind_code_hash', 'in', codeHashes(bindCode))
      .where('bind_code_expires_at', '>', now)
      .where('deactivated_at', 'is', null)
      .returning('id')
      .executeTakeFirst()
    if (!bound) return null
    await recordAudit(trx, { at: now, userId: bound.id, action: 'wechat.bind', entity: 'user', entityId: bound.id })
    return userContextOf(await userQuery(trx).where('users.id', '=', bound.id).executeTakeFirstOrThrow())
  })
}

export async function createSession(db: Db, userId: string, now: number, days: number): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken()
  const expiresAt = now + days * DAY
  await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute()
  await db.kysely
    .insertInto('sessions')
    .values({ token_hash: sha256Hex(token), user_id: userId, created_at: now, expires_at: expiresAt })
    .execute()
  return { token, expiresAt }
}

export async function findSessionUser(db: Db, token: string, now: number): Promise<UserContext | null> {
  const row = await userQuery(db.kysely)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .where('sessions.token_hash', '=', sha256Hex(token))
    .where('sessions.expires_at', '>', now)
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst()
  return row ? userContextOf(row) : null
}

/** Logout: this token stops working on every server process at once. */
export async function revokeSession(db: Db, token: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute()
}

/** Every session of the person (deactivation); returns how many there were. */
export async function revokeAllSessions(k: Kysely<Database>, userId: string): Promise<number> {
  const res = await k.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(res.numDeletedRows)
}

/** Which of these login codes belong to an active account, with whom (the startup banner lists only those). */
export async function activeLoginsByCode(db: Db, codes: readonly string[]): Promise<Array<UserContext & { code: string }>> {
  const byHash = new Map(codes.map((code) => [hashCode(code), code]))
  if (byHash.size === 0) return []
  const rows = await userQuery(db.kysely)
    .select('users.login_code_hash')
    .where('users.login_code_hash', 'in', [...byHash.keys()])
    .where('users.deactivated_at', 'is', null)
    .execute()
  const found = new Map(rows.map((r) => [r.login_code_hash as string, r]))
  return codes.flatMap((code) => {
    const row = found.get(hashCode(code))
    return row ? [{ ...userContextOf(row), code }] : []
  })
}
