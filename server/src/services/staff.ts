// Staff accounts an official manages within their own area: create, edit, move, stop and restart, and the codes a
// person signs in with. Every change is in the audit log; codes are stored hashed and shown once.
import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { uuidv7 } from '@core/ids'
import { maskPhone } from '@core/mask'
import { roleFitsLevel, type AreaLevel, type Role } from '@core/schemas/auth'
import type { IssuedCode, NewStaff, Staff, StaffArea, StaffList, StaffUpdate } from '@core/schemas/accounts'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { AppError } from '../http/app-error'
import { userContextOf, type UserContext } from '../auth/user-context'
import { CODE_LENGTH, issuedCodeHash, newCode } from '../auth/codes'
import { areaInScope, isWithin, type Area } from './areas'
import { recordAudit } from './audit'
import { recordMove } from './staff-moves'
import { revokeAllSessions } from './users'

const DAY = 24 * 3600_000
export const BIND_CODE_DAYS = 7

/** Broadest first, for lists: the county's people, then towns', villages', grids'. */
const LEVEL_RANK: Record<AreaLevel, number> = { county: 0, town: 1, village: 2, grid: 3 }

function staffQuery(k: Kysely<Database>) {
  return k
    .selectFrom('users')
    .innerJoin('areas', 'areas.id', 'users.area_id')
    .select([
      'users.id',
      'users.name',
      'users.role',
      'users.area_id',
      'users.phone',
      'users.deactivated_at',
      'users.wx_openid',
      'users.login_code_hash',
      'users.bind_code_hash',
      'users.bind_code_expires_at',
      'users.created_at',
      'areas.name as area_name',
      'areas.level as area_level',
      'areas.county_id',
      'areas.town_id',
      'areas.village_id',
    ])
}

type StaffRow = Awaited<ReturnType<ReturnType<typeof staffQuery>['executeTakeFirstOrThrow']>>

function toStaff(row: StaffRow, now: number): Staff {
  const bindLive = row.bind_code_hash !== null && row.bind_code_expires_at !== null && Number(row.bind_code_expires_at) > now
  return {
    ...userContextOf(row),
    phone: row.phone ? maskPhone(row.phone) : null,
    active: row.deactivated_at === null,
    wechatBound: row.wx_openid !== null,
    hasLoginCode: row.login_code_hash !== null,
    bindCodeExpiresAt: bindLive ? new Date(Number(row.bind_code_expires_at)).toISOString() : null,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  }
}

/** The area a row of `areas` stands for, for the scope rule. */
function rowArea(row: StaffRow): Area {
  return {
    id: row.area_id,
    level: row.area_level,
    parent_id: null,
    name: row.area_name,
    county_id: row.county_id,
    town_id: row.town_id,
    village_id: row.village_id,
    sort: 0,
  }
}

/** The person if they work within the caller's area. Unknown and out of scope answer alike (403), like areas. */
async function staffInScope(k: Kysely<Database>, user: UserContext, id: string): Promise<StaffRow> {
  const row = await staffQuery(k).where('users.id', '=', id).executeTakeFirst()
  if (!row || !isWithin(rowArea(row), user.areaId, user.areaLevel)) throw new AppError('FORBIDDEN')
  return row
}

/** areaInScope on a transaction's connection (SQLite has one: a query on another would wait for ever). */
async function areaInScopeOf(k: Kysely<Database>, user: UserContext, areaId: string): Promise<Area> {
  const area = await k.selectFrom('areas').selectAll().where('id', '=', areaId).executeTakeFirst()
  if (!area || !isWithin(area, user.areaId, user.areaLevel)) throw new AppError('FORBIDDEN')
  return area
}

function assertRoleFits(role: Role, area: Area): void {
  if (!roleFitsLevel(role, area.level)) throw new AppError('STAFF_ROLE_AREA')
}

/** People whose area is `area` or lies below it. */
function withinArea<Q extends ReturnType<typeof staffQuery>>(q: Q, area: Area): Q {
  if (area.level === 'grid') return q.where('users.area_id', '=', area.id) as Q
  const column = (({ county: 'areas.county_id', town: 'areas.town_id', village: 'areas.village_id' }) as const)[area.level]
  return q.where((eb) => eb.or([eb('areas.id', '=', area.id), eb(column, '=', area.id)])) as Q
}

export async function listStaff(db: Db, user: UserContext, query: { areaId?: string; limit: number; offset: number }, now: number): Promise<StaffList> {
  const area = await areaInScope(db, user, query.areaId)
  const total = await withinArea(staffQuery(db.kysely), area)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const levelRank = sql<number>`CASE areas.level WHEN 'county' THEN ${LEVEL_RANK.county} WHEN 'town' THEN ${LEVEL_RANK.town} WHEN 'village' THEN ${LEVEL_RANK.village} ELSE ${LEVEL_RANK.grid} END`
  const rows = await withinArea(staffQuery(db.kysely), area)
    .orderBy(levelRank)
    .orderBy('areas.town_id')
    .orderBy('areas.village_id')
    .orderBy('areas.sort')
    .orderBy('users.name')
    .orderBy('users.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute()
  return { area: { id: area.id, name: area.name, level: area.level }, staff: rows.map((r) => toStaff(r, now)), total: Number(total.n) }
}

export async function createStaff(db: Db, user: UserContext, body: NewStaff, now: number): Promise<Staff> {
  const area = await areaInScope(db, user, body.areaId)
  assertRoleFits(body.role, area)
  const id = `u-${uuidv7(now, (n) => new Uint8Array(randomBytes(n)))}`
  return db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        name: body.name,
        role: body.role,
        area_id: area.id,
        phone: body.phone ?? null,
        login_code_hash: null,
        bind_code_hash: null,
        wx_openid: null,
        created_at: now,
      })
      .execute()
    await recordAudit(trx, { at: now, userId: user.id, action: 'user.create', entity: 'user', entityId: id, detail: { role: body.role, areaId: area.id } })
    return toStaff(await staffQuery(trx).where('users.id', '=', id).executeTakeFirstOrThrow(), now)
  })
}

/**
 * Name and phone, or a move: a new area (in the caller's area too) with the role that fits it. Access moves with the
 * person at once (each request reads their area); records they made keep the grid and village they were made in.
 */
export async function updateStaff(db: Db, user: UserContext, id: string, body: StaffUpdate, now: number): Promise<Staff> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await staffInScope(trx, user, id)
    const moving = (body.areaId !== undefined && body.areaId !== row.area_id) || (body.role !== undefined && body.role !== row.role)
    if (moving && id === user.id) throw new AppError('STAFF_SELF')
    const changes: Record<string, unknown> = {}
    const set: { name?: string; phone?: string | null; role?: Role; area_id?: string } = {}
    if (body.name !== undefined && body.name !== row.name) {
      set.name = body.name
      changes.name = [row.name, body.name]
    }
    if (body.phone !== undefined && (body.phone ?? null) !== row.phone) {
      set.phone = body.phone ?? null
      // The log keeps that it changed, not the number.
      changes.phone = 'changed'
    }
    if (moving) {
      const area = body.areaId !== undefined ? await areaInScopeOf(trx, user, body.areaId) : rowArea(row)
      const role = body.role ?? (roleFitsLevel(row.role, area.level) ? row.role : null)
      if (role === null) throw new AppError('STAFF_ROLE_AREA')
      assertRoleFits(role, area)
      set.role = role
      set.area_id = area.id
      changes.area = [row.area_id, area.id]
      if (area.id !== row.area_id) await recordMove(trx, { userId: id, fromAreaId: row.area_id, toAreaId: area.id, at: now })
      if (role !== row.role) changes.role = [row.role, role]
    }
    if (Object.keys(set).length > 0) {
      await trx.updateTable('users').set(set).where('id', '=', id).execute()
      await recordAudit(trx, { at: now, userId: user.id, action: moving ? 'user.move' : 'user.update', entity: 'user', entityId: id, detail: changes })
    }
    return toStaff(await staffQuery(trx).where('users.id', '=', id).executeTakeFirstOrThrow(), now)
  })
}

/** Stops the account: every session ends at once and a pending binding code goes; login code and WeChat stay for a restart. */
export async function deactivateStaff(db: Db, user: UserContext, id: string, now: number): Promise<Staff> {
  if (id === user.id) throw new AppError('STAFF_SELF')
  return db.kysely.transaction().execute(async (trx) => {
    const row = await staffInScope(trx, user, id)
    if (row.deactivated_at === null) {
      await trx.updateTable('users').set({ deactivated_at: now, bind_code_hash: null, bind_code_expires_at: null }).where('id', '=', id).execute()
      const sessions = await revokeAllSessions(trx, id)
      await recordAudit(trx, { at: now, userId: user.id, action: 'user.deactivate', entity: 'user', entityId: id, detail: { sessionsRevoked: sessions } })
    }
    return toStaff(await staffQuery(trx).where('users.id', '=', id).executeTakeFirstOrThrow(), now)
  })
}

export async function reactivateStaff(db: Db, user: UserContext, id: string, now: number): Promise<Staff> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await staffInScope(trx, user, id)
    if (row.deactivated_at !== null) {
      await trx.updateTable('users').set({ deactivated_at: null }).where('id', '=', id).execute()
      await recordAudit(trx, { at: now, userId: user.id, action: 'user.reactivate', entity: 'user', entityId: id })
    }
    return toStaff(await staffQuery(trx).where('users.id', '=', id).executeTakeFirstOrThrow(), now)
  })
}

/** A new 绑定码, valid BIND_CODE_DAYS and once; any earlier unused one stops working. Shown this once. */
export async function issueBindCode(db: Db, user: UserContext, id: string, now: number): Promise<IssuedCode> {
  const code = newCode(CODE_LENGTH.bind)
  const expiresAt = now + BIND_CODE_DAYS * DAY
  return db.kysely.transaction().execute(async (trx) => {
    const row = await staffInScope(trx, user, id)
    if (row.deactivated_at !== null) throw new AppError('STAFF_INACTIVE')
    await trx.updateTable('users').set({ bind_code_hash: issuedCodeHash(code), bind_code_expires_at: expiresAt }).where('id', '=', id).execute()
    await recordAudit(trx, { at: now, userId: user.id, action: 'code.issue', entity: 'user', entityId: id, detail: { kind: 'bind', expiresAt } })
    const staff = toStaff(await staffQuery(trx).where('users.id', '=', id).executeTakeFirstOrThrow(), now)
    return { code, expiresAt: new Date(expiresAt).toISOString(), staff }
  })
}

export async function revokeBindCode(db: Db, user: UserContext, id: string, now: number): Promise<Staff> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await staffInScope(trx, user, id)
    if (row.bind_code_hash !== null) {
      await trx.updateTable('users').set({ bind_code_hash: null, bind_code_expires_at: null }).where('id', '=', id).execute()
      await recordAudit(trx, { at: now, userId: user.id, action: 'code.revoke', entity: 'user', entityId: id, detail: { kind: 'bind' } })
    }
    return toStaff(await staffQuery(trx).where('users.id', '=', id).executeTakeFirstOrThrow(), now)
  })
}

/** A new login code for H5 sign-in, replacing the old one (which stops working). Shown this once. */
export async function issueLoginCode(db: Db, user: UserContext, id: string, now: number): Promise<IssuedCode> {
  const code = newCode(CODE_LENGTH.login)
  return db.kysely.transaction().execute(async (trx) => {
    const row = await staffInScope(trx, user, id)
    if (row.deactivated_at !== null) throw new AppError('STAFF_INACTIVE')
    await trx.updateTable('users').set({ login_code_hash: issuedCodeHash(code) }).where('id', '=', id).execute()
    await recordAudit(trx, { at: now, userId: user.id, action: 'code.issue', entity: 'user', entityId: id, detail: { kind: 'login', replaced: row.login_code_hash !== null } })
    const staff = toStaff(await staffQuery(trx).where('users.id', '=', id).executeTakeFirstOrThrow(), now)
    return { code, expiresAt: null, staff }
  })
}

const AREA_OPTIONS = 50

/** Areas of one level within the caller's area, found by their own, village's or town's name, to put a person in. */
export async function staffAreas(db: Db, user: UserContext, query: { areaId?: string; level: AreaLevel; q?: string }): Promise<{ areas: StaffArea[] }> {
  const scope = await areaInScope(db, user, query.areaId)
  let q = db.kysely
    .selectFrom('areas as a')
    .leftJoin('areas as t', (j) => j.onRef('t.id', '=', 'a.town_id').on('a.level', '!=', 'town'))
    .leftJoin('areas as v', (j) => j.onRef('v.id', '=', 'a.village_id').on('a.level', '!=', 'village'))
    .select(['a.id', 'a.name', 'a.level', 't.name as town_name', 'v.name as village_name'])
    .where('a.level', '=', query.level)
  if (scope.level === 'grid') q = q.where('a.id', '=', scope.id)
  else {
    const column = (({ county: 'a.county_id', town: 'a.town_id', village: 'a.village_id' }) as const)[scope.level]
    q = q.where((eb) => eb.or([eb('a.id', '=', scope.id), eb(column, '=', scope.id)]))
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where(sql<boolean>`(a.name LIKE ${like} ESCAPE '\\' OR v.name LIKE ${like} ESCAPE '\\' OR t.name LIKE ${like} ESCAPE '\\')`)
  }
  const rows = await q.orderBy('a.town_id').orderBy('a.village_id').orderBy('a.sort').orderBy('a.id').limit(AREA_OPTIONS).execute()
  return {
    areas: rows.map((r) => ({
      id: r.id,
      name: r.name,
      level: r.level,
      path: [r.town_name, r.village_name, r.name].filter(Boolean).join(' / '),
    })),
  }
}
