// One area at a time: a new child of an area (county → town → village → grid) or a new name. Only areas strictly
// below the caller's own may be made or renamed; ids never change, so records keep their areas under a new name.
import type { NewArea, StaffArea } from '@core/schemas/accounts'
import { matchKey } from '@core/imports/keys'
import type { Kysely } from 'kysely'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import type { UserContext } from '../auth/user-context'
import { AppError } from '../http/app-error'
import { areaInScope, CHILD_LEVEL, type Area } from './areas'
import { recordAudit } from './audit'
import { refreshGridTallies } from './grid-tallies'
import { newId } from './import-pass'

export async function createArea(db: Db, user: UserContext, body: NewArea, now: number): Promise<StaffArea> {
  const parent = await areaInScope(db, user, body.parentId)
  const level = CHILD_LEVEL[parent.level]
  if (!level) throw new AppError('AREA_LEVEL_INVALID')
  const id = newId(now)
  return db.kysely.transaction().execute(async (trx) => {
    await assertNameFree(trx, parent.id, body.name, null)
    const max = await trx.selectFrom('areas').select((eb) => eb.fn.max('sort').as('max')).where('parent_id', '=', parent.id).executeTakeFirst()
    await trx
      .insertInto('areas')
      .values({
        id,
        level,
        parent_id: parent.id,
        name: body.name,
        county_id: parent.level === 'county' ? parent.id : parent.county_id,
        town_id: parent.level === 'town' ? parent.id : parent.town_id,
        village_id: parent.level === 'village' ? parent.id : parent.village_id,
        sort: Number(max?.max ?? 0) + 1,
      })
      .execute()
    // Every grid has its tally row from the start, so dashboards list it with zeros (as the area import does).
    if (level === 'grid') await refreshGridTallies(trx, [id])
    await recordAudit(trx, { at: now, userId: user.id, action: 'area.create', entity: 'area', entityId: id, detail: { parentId: parent.id, level, name: body.name } })
    return toArea(trx, id)
  })
}

export async function renameArea(db: Db, user: UserContext, id: string, name: string, now: number): Promise<StaffArea> {
  const area = await areaInScope(db, user, id)
  if (area.id === user.areaId || !area.parent_id) throw new AppError('AREA_OWN')
  const parentId = area.parent_id
  return db.kysely.transaction().execute(async (trx) => {
    if (area.name !== name) {
      await assertNameFree(trx, parentId, name, area.id)
      await trx.updateTable('areas').set({ name }).where('id', '=', area.id).execute()
      await recordAudit(trx, { at: now, userId: user.id, action: 'area.rename', entity: 'area', entityId: area.id, detail: { from: area.name, to: name } })
    }
    return toArea(trx, area.id)
  })
}

/** Siblings may not share a name, compared as the area import compares them (`东街 社区` is `东街社区`). */
async function assertNameFree(trx: Kysely<Database>, parentId: string, name: string, selfId: string | null): Promise<void> {
  const siblings = await trx.selectFrom('areas').select(['id', 'name']).where('parent_id', '=', parentId).execute()
  const key = matchKey(name)
  if (siblings.some((s) => s.id !== selfId && matchKey(s.name) === key)) throw new AppError('AREA_NAME_TAKEN')
}

async function toArea(trx: Kysely<Database>, id: string): Promise<StaffArea> {
  const a: Area = await trx.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const above = [a.level !== 'town' ? a.town_id : null, a.level !== 'village' ? a.village_id : null].filter((x): x is string => !!x)
  const names = new Map(
    above.length ? (await trx.selectFrom('areas').select(['id', 'name']).where('id', 'in', above).execute()).map((r) => [r.id, r.name] as const) : [],
  )
  return { id: a.id, name: a.name, level: a.level, path: [...above.map((x) => names.get(x)), a.name].filter(Boolean).join(' / ') }
}
