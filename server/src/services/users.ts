// Accounts and sessions: demo login codes, WeChat openid binding, bearer-token sessions.
import type { Db } from '../db/database'
import type { UserContext } from '../auth/user-context'
import { sha256Hex } from '@core/hash'
import { hashCode, randomToken } from '../auth/secrets'
import { recordAudit } from './audit'

const DAY = 24 * 3600_000

function userQuery(db: Db) {
  return db.kysely
    .selectFrom('users')
    .innerJoin('areas', 'areas.id', 'users.area_id')
    .select(['users.id', 'users.name', 'users.role', 'users.area_id', 'areas.name as area_name', 'areas.level as area_level'])
}

type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>

function toContext(row: UserRow): UserContext {
  return { id: row.id, name: row.name, role: row.role, areaId: row.area_id, areaName: row.area_name, areaLevel: row.area_level }
}

export async function findUserByLoginCode(db: Db, code: string): Promise<UserContext | null> {
  const row = await userQuery(db).where('users.login_code_hash', '=', hashCode(code)).executeTakeFirst()
  return row ? toContext(row) : null
}

export async function findUserByOpenid(db: Db, openid: string): Promise<UserContext | null> {
  const row = await userQuery(db).where('users.wx_openid', '=', openid).executeTakeFirst()
  return row ? toContext(row) : null
}

/** Binds a WeChat openid to the account holding this one-time binding code; the code is used up. */
export async function bindOpenid(db: Db, bindCode: string, openid: string, now: number): Promise<UserContext | null> {
  const row = await userQuery(db).where('users.bind_code_hash', '=', hashCode(bindCode)).executeTakeFirst()
  if (!row) return null
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ wx_openid: openid, bind_code_hash: null }).where('id', '=', row.id).execute()
    await recordAudit(trx, { at: now, userId: row.id, action: 'wechat.bind', entity: 'user', entityId: row.id })
  })
  return toContext(row)
}

export async function createSession(db: Db, userId: string, now: number, days: number): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken()
  const expiresAt = now + days * DAY
  await db.kysely
    .insertInto('sessions')
    .values({ token_hash: sha256Hex(token), user_id: userId, created_at: now, expires_at: expiresAt })
    .execute()
  return { token, expiresAt }
}

export async function findSessionUser(db: Db, token: string, now: number): Promise<UserContext | null> {
  const row = await userQuery(db)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .where('sessions.token_hash', '=', sha256Hex(token))
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst()
  return row ? toContext(row) : null
}
