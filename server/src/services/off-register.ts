// 不在名册: the households and residents a register import no longer listed but kept because their household has
// records (services/import-register.ts marks them with off_register_at), listed for an area's officials, and the
// official's decision on each.
//
// Decisions, by example:
// - remove household 2栋102 on 5 December → deleted_at 5 December and roster_status moved_out, as a field 整户迁出:
//   it stays in November's base, leaves December's; its visits, pledges and installs are kept;
// - keep resident 李明 → off_register_at cleared: on the register as before, off the list;
// - a second decision on the same item (two officials at once, or a stale page): 409 OFF_REGISTER_NOT_PENDING;
// - an item of another town, or an id that does not exist: 403, as for a household page.
// Either way the grid is recounted and the row's change number bumped, so phones' pulls bring the change.
import { sql, type Kysely } from 'kysely'
import { maskPhone } from '@core/mask'
import type {
  OffRegisterDecision,
  OffRegisterDecisionResponse,
  OffRegisterEntity,
  OffRegisterItem,
  OffRegisterQuery,
  OffRegisterResponse,
} from '@core/schemas/off-register'
import { allocateRevs, type Db } from '../db/database'
import type { Database } from '../db/schema'
import { AppError } from '../http/app-error'
import { levelColumn, scopeColumn, type UserContext } from '../auth/user-context'
import type { Area } from './areas'
import { recordAudit } from './audit'
import { refreshGridTallies } from './grid-tallies'

/** Households of the area marked 不在名册 and still on the register. */
const pendingHouseholds = (k: Kysely<Database>, area: Area) =>
  k
    .selectFrom('households as h')
    .where(`h.${levelColumn(area.level)}`, '=', area.id)
    .where('h.off_register_at', 'is not', null)
    .where('h.deleted_at', 'is', null)

/** Residents of the area marked 不在名册, still on the register, in a household that is. */
const pendingResidents = (k: Kysely<Database>, area: Area) =>
  k
    .selectFrom('residents as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .where(`h.${levelColumn(area.level)}`, '=', area.id)
    .where('p.off_register_at', 'is not', null)
    .where('p.deleted_at', 'is', null)
    .where('h.deleted_at', 'is', null)

const iso = (ms: number | null) => new Date(Number(ms)).toISOString()

/** A page of the area's 不在名册 items (the caller checks scope with areaInScope): households by id, then residents by id. */
export async function offRegisterIn(db: Db, user: UserContext, area: Area, query: OffRegisterQuery, now: number): Promise<OffRegisterResponse> {
  const k = db.kysely
  const [afterEntity, afterId] = query.after ? splitCursor(query.after) : ['household' as const, '']
  const items: OffRegisterItem[] = []
  if (afterEntity === 'household') {
    const rows = await pendingHouseholds(k, area)
      .innerJoin('areas as g', 'g.id', 'h.grid_id')
      .select(['h.id', 'h.grid_id', 'g.name as grid_name', 'h.doorplate', 'h.head_name', 'h.off_register_at'])
      .where('h.id', '>', afterId)
      .orderBy('h.id')
      .limit(query.limit + 1)
      .execute()
    for (const h of rows) {
      items.push({ entity: 'household', id: h.id, householdId: h.id, gridId: h.grid_id, gridName: h.grid_name, doorplate: h.doorplate, headName: h.head_name, residentName: null, phone: '', offRegisterAt: iso(h.off_register_at) })
    }
  }
  if (items.length <= query.limit) {
    const rows = await pendingResidents(k, area)
      .innerJoin('areas as g', 'g.id', 'h.grid_id')
      .select(['p.id', 'p.household_id', 'h.grid_id', 'g.name as grid_name', 'h.doorplate', 'h.head_name', 'p.name', 'p.phone', 'p.off_register_at'])
      .where('p.id', '>', afterEntity === 'resident' ? afterId : '')
      .orderBy('p.id')
      .limit(query.limit + 1 - items.length)
      .execute()
    for (const p of rows) {
      items.push({ entity: 'resident', id: p.id, householdId: p.household_id, gridId: p.grid_id, gridName: p.grid_name, doorplate: p.doorplate, headName: p.head_name, residentName: p.name, phone: maskPhone(p.phone), offRegisterAt: iso(p.off_register_at) })
    }
  }
  const page = items.slice(0, query.limit)
  const last = page[page.length - 1]
  const total = await totals(k, area)
  await recordAudit(k, { at: now, userId: user.id, action: 'register.off.list', entity: 'area', entityId: area.id, detail: { items: page.length } })
  return {
    area: { id: area.id, name: area.name, level: area.level },
    total,
    items: page,
    next: items.length > query.limit ? `${last.entity}:${last.id}` : null,
  }
}

function splitCursor(cursor: string): [OffRegisterEntity, string] {
  const cut = cursor.indexOf(':')
  return [cursor.slice(0, cut) as OffRegisterEntity, cursor.slice(cut + 1)]
}

async function totals(k: Kysely<Database>, area: Area): Promise<OffRegisterResponse['total']> {
  const [h, p] = await Promise.all([
    pendingHouseholds(k, area).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    pendingResidents(k, area).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ])
  return { households: Number(h.n), residents: Number(p.n) }
}

/** What each decision writes: remove as a field 迁出 does (dated by deleted_at), keep only clears the mark. */
function decisionSet(decision: OffRegisterDecision, now: number, rev: number) {
  return decision === 'remove' ? { deleted_at: now, roster_status: 'moved_out', off_register_at: null, rev } : { off_register_at: null, rev }
}

/** Decides one 不在名册 item in the caller's area; audited. */
export async function decideOffRegister(
  db: Db,
  user: UserContext,
  target: { entity: OffRegisterEntity; id: string },
  decision: OffRegisterDecision,
  now: number,
): Promise<OffRegisterDecisionResponse> {
  return db.kysely.transaction().execute(async (trx) => {
    const table = target.entity === 'household' ? 'households' : 'residents'
    // A resident's scope is its household's (the same columns, copied onto the resident).
    const row = await trx.selectFrom(table).select(['grid_id', 'village_id', 'town_id', 'county_id']).where('id', '=', target.id).executeTakeFirst()
    if (!row || row[scopeColumn(user)] !== user.areaId) throw new AppError('FORBIDDEN')
    const rev = await allocateRevs(trx, 1)
    // The conditions in the update itself, so of two officials deciding at once only the first changes the row.
    let update = trx.updateTable(table).set(decisionSet(decision, now, rev)).where('id', '=', target.id).where('off_register_at', 'is not', null).where('deleted_at', 'is', null)
    if (target.entity === 'resident') {
      update = update.where(({ exists, selectFrom }) =>
        exists(selectFrom('households as h').select('h.id').whereRef('h.id', '=', 'residents.household_id').where('h.deleted_at', 'is', null)),
      )
    }
    const result = await update.executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('OFF_REGISTER_NOT_PENDING')
    await refreshGridTallies(trx, [row.grid_id])
    await recordAudit(trx, { at: now, userId: user.id, action: `register.off.${decision}`, entity: target.entity, entityId: target.id, detail: { gridId: row.grid_id } })
    return { entity: target.entity, id: target.id, decision, decidedAt: iso(now) }
  })
}
