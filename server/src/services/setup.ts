// First start of a real deployment: a one-time setup code, printed by the server, with which the first county admin
// creates the county and their own account (as Gitea and Grafana make their first administrator). Once the county
// exists the setup is closed for good.
import { randomBytes } from 'node:crypto'
import { uuidv7 } from '@core/ids'
import type { SetupRequest } from '@core/schemas/setup'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import type { UserContext } from '../auth/user-context'
import { CODE_LENGTH, codeHashes, issuedCodeHash, newCode } from '../auth/codes'
import { seedFieldCatalog } from '../seed/field-catalog'
import { recordAudit } from './audit'

export const SETUP_CODE_HOURS = 24

/** True while no area exists: nothing has been set up (or seeded) yet. */
export async function setupNeeded(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('areas').select('id').limit(1).executeTakeFirst()
  return row === undefined
}

/**
 * A fresh setup code, stored hashed, valid SETUP_CODE_HOURS. Each start of a server on an empty database prints one;
 * codes of earlier starts (or of a second process) stay valid until they expire or the setup is done.
 */
export async function issueSetupCode(db: Db, now: number): Promise<{ code: string; expiresAt: number }> {
  const code = newCode(CODE_LENGTH.setup)
  const expiresAt = now + SETUP_CODE_HOURS * 3600_000
  await db.kysely.insertInto('setup_codes').values({ code_hash: issuedCodeHash(code), created_at: now, expires_at: expiresAt }).execute()
  await recordAudit(db.kysely, { at: now, userId: null, action: 'setup.code', entity: 'setup', detail: { expiresAt } })
  return { code, expiresAt }
}

/**
 * Creates the county (with the default pledge template and materials, which the county may replace) and its first
 * administrator with a login code. Exactly once, also when two requests race with two different codes: the setup
 * marker row in `counters` lets only the first transaction through.
 */
export async function completeSetup(db: Db, body: SetupRequest, now: number): Promise<{ user: UserContext; loginCode: string }> {
  const loginCode = newCode(CODE_LENGTH.login)
  const rand = (n: number) => new Uint8Array(randomBytes(n))
  const countyId = `c-${uuidv7(now, rand)}`
  const userId = `u-${uuidv7(now, rand)}`
  return db.kysely.transaction().execute(async (trx) => {
    const countyExists = async () => (await trx.selectFrom('areas').select('id').limit(1).executeTakeFirst()) !== undefined
    if (await countyExists()) throw new AppError('SETUP_CLOSED')
    const code = await trx.selectFrom('setup_codes').select(['code_hash', 'expires_at']).where('code_hash', 'in', codeHashes(body.code)).executeTakeFirst()
    // A setup that finished meanwhile took every code with it: say it is done, not that the code was wrong.
    if (!code) throw new AppError((await countyExists()) ? 'SETUP_CLOSED' : 'SETUP_CODE_INVALID')
    if (Number(code.expires_at) <= now) throw new AppError('SETUP_CODE_EXPIRED')
    const marked = await trx
      .insertInto('counters')
      .values({ name: 'setup', value: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('name')
      .executeTakeFirst()
    if (!marked) throw new AppError('SETUP_CLOSED')
    // Every code goes: the setup is done.
    await trx.deleteFrom('setup_codes').execute()
    await trx
      .insertInto('areas')
      .values({ id: countyId, level: 'county', parent_id: null, name: body.countyName, county_id: countyId, town_id: null, village_id: null, sort: 1 })
      .execute()
    await trx
      .insertInto('users')
      .values({
        id: userId,
        name: body.adminName,
        role: 'county_admin',
        area_id: countyId,
        phone: body.adminPhone ?? null,
        login_code_hash: issuedCodeHash(loginCode),
        bind_code_hash: null,
        wx_openid: null,
        created_at: now,
      })
      .execute()
    await seedFieldCatalog(trx, countyId, now)
    await recordAudit(trx, { at: now, userId, action: 'setup', entity: 'area', entityId: countyId, detail: { countyName: body.countyName } })
    await recordAudit(trx, { at: now, userId, action: 'user.create', entity: 'user', entityId: userId, detail: { role: 'county_admin', areaId: countyId } })
    await recordAudit(trx, { at: now, userId, action: 'code.issue', entity: 'user', entityId: userId, detail: { kind: 'login', replaced: false } })
    const user: UserContext = { id: userId, name: body.adminName, role: 'county_admin', areaId: countyId, areaName: body.countyName, areaLevel: 'county' }
    return { user, loginCode }
  })
}
